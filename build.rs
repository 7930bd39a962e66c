//! Embeds the app icon (`assets/icon.ico`) in the Windows executable; does
//! nothing for other targets.

fn main() {
    println!("cargo:rerun-if-changed=assets/icon.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        let mut resource = winresource::WindowsResource::new();
        resource.set_icon("assets/icon.ico");
        // Without a resource compiler the program still builds, iconless.
        if let Err(e) = resource.compile() {
            println!("cargo:warning=the Windows icon was not embedded: {e}");
        }
    }
}
