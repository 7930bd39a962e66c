//! Country codes: Correlates of War numbers to the ids detente files use
//! (ISO 3166-1 alpha-3), so that imported data and hand-written files name
//! states alike. The table is `data/country-codes.csv`; data/README.md says
//! where it comes from.

use std::collections::HashMap;

/// The table shipped with detente: `cow_code,cow_abb,id,name`.
pub const TABLE: &str = include_str!("../../data/country-codes.csv");

/// One state of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    pub cow_code: u32,
    pub cow_abb: String,
    /// ISO 3166-1 alpha-3 (3166-3 for some states that ceased to exist).
    pub id: String,
    pub name: String,
}

/// The table, looked up by COW code or by id.
pub struct Codes {
    by_cow: HashMap<u32, Country>,
    names: HashMap<String, String>,
}

impl Codes {
    /// The table shipped with detente.
    pub fn bundled() -> Codes {
        let mut reader = csv::Reader::from_reader(TABLE.as_bytes());
        let mut by_cow = HashMap::new();
        let mut names = HashMap::new();
        for row in reader.records().flatten() {
            let (Some(code), Some(abb), Some(id), Some(name)) =
                (row.get(0), row.get(1), row.get(2), row.get(3))
            else {
                continue;
            };
            let Ok(cow_code) = code.parse() else {
                continue;
            };
            // Where two COW codes are one identity (West Germany and
            // Germany), the name is the later one's.
            names.insert(id.to_owned(), name.to_owned());
            by_cow.insert(
                cow_code,
                Country {
                    cow_code,
                    cow_abb: abb.to_owned(),
                    id: id.to_owned(),
                    name: name.to_owned(),
                },
            );
        }
        Codes { by_cow, names }
    }

    pub fn by_cow(&self, code: u32) -> Option<&Country> {
        self.by_cow.get(&code)
    }

    /// The usual name of a state by id, if the table has it.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.names.get(id).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.by_cow.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_cow.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_maps_cow_codes_to_iso_ids() {
        let codes = Codes::bundled();
        assert_eq!(codes.len(), 217);
        assert_eq!(codes.by_cow(770).unwrap().id, "PAK");
        assert_eq!(codes.by_cow(365).unwrap().id, "RUS");
        assert_eq!(codes.by_cow(750).unwrap().name, "India");
        // West Germany and Germany are one identity; East Germany its own.
        assert_eq!(codes.by_cow(260).unwrap().id, "DEU");
        assert_eq!(codes.by_cow(255).unwrap().id, "DEU");
        assert_eq!(codes.by_cow(265).unwrap().id, "DDR");
        assert_eq!(codes.name_of("DEU"), Some("Germany"));
        assert!(codes.by_cow(999).is_none());
    }
}
