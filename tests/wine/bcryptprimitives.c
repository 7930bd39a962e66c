/*
 * TEST TOOLING ONLY — never shipped with detente.
 *
 * Wine 8 (Debian 12) lacks bcryptprimitives.dll, whose ProcessPrng Rust's
 * standard library imports on Windows for random numbers (HashMap seeds).
 * Real Windows 10 and later have it. This stand-in, built with mingw at
 * test time by tests/wine/smoke.sh and placed beside detente.exe, lets the
 * Windows build run under Wine: ProcessPrng fills the buffer from
 * RtlGenRandom (advapi32's SystemFunction036).
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
