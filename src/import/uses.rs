//! Room use from a space or layer name: a dictionary of the words for rooms in English, German,
//! French, Spanish, Italian and Dutch (issue #17), shared by the drawing readers.
//!
//! A name matches a word when the word appears in its lower-cased form (so `Schlafzimmer 2`,
//! `Bedroom 1` and `CHAMBRE` all match). Words are tried in the order below, more specific ones
//! first (`ensuite` before `bath`, `stair` before nothing else). The words are ordinary
//! dictionary translations of the room names; they are a starting point (an assumption), which
//! the user overrides with a mapping where an office uses its own names.

use crate::plan::RoomUse;

/// (word, use), most specific first.
pub const WORDS: &[(&str, RoomUse)] = &[
    // en-suite shower rooms
    ("ensuite", RoomUse::Ensuite),
    ("en-suite", RoomUse::Ensuite),
    ("en suite", RoomUse::Ensuite),
    // circulation
    ("stair", RoomUse::Stair),
    ("treppe", RoomUse::Stair),
    ("escalier", RoomUse::Stair),
    ("escalera", RoomUse::Stair),
    ("scala", RoomUse::Stair),
    ("trap", RoomUse::Stair),
    ("lift", RoomUse::Lift),
    ("elevator", RoomUse::Lift),
    ("aufzug", RoomUse::Lift),
    ("ascenseur", RoomUse::Lift),
    ("ascensor", RoomUse::Lift),
    ("ascensore", RoomUse::Lift),
    ("foyer", RoomUse::Entrance),
    ("entrance", RoomUse::Entrance),
    ("entry", RoomUse::Entrance),
    ("lobby", RoomUse::Entrance),
    ("vestibule", RoomUse::Entrance),
    ("eingang", RoomUse::Entrance),
    ("diele", RoomUse::Entrance),
    ("entrée", RoomUse::Entrance),
    ("entree", RoomUse::Entrance),
    ("entrada", RoomUse::Entrance),
    ("vestíbulo", RoomUse::Entrance),
    ("ingresso", RoomUse::Entrance),
    ("ingang", RoomUse::Entrance),
    ("hal", RoomUse::Entrance),
    ("corridor", RoomUse::Corridor),
    ("hallway", RoomUse::Corridor),
    ("hall", RoomUse::Corridor),
    ("landing", RoomUse::Corridor),
    ("circulation", RoomUse::Corridor),
    ("flur", RoomUse::Corridor),
    ("gang", RoomUse::Corridor),
    ("couloir", RoomUse::Corridor),
    ("dégagement", RoomUse::Corridor),
    ("pasillo", RoomUse::Corridor),
    ("corredor", RoomUse::Corridor),
    ("corridoio", RoomUse::Corridor),
    ("gang", RoomUse::Corridor),
    ("overloop", RoomUse::Corridor),
    // sleeping
    ("bedroom", RoomUse::Bedroom),
    ("bed room", RoomUse::Bedroom),
    ("schlafzimmer", RoomUse::Bedroom),
    ("schlafen", RoomUse::Bedroom),
    ("chambre", RoomUse::Bedroom),
    ("dormitorio", RoomUse::Bedroom),
    ("habitación", RoomUse::Bedroom),
    ("camera da letto", RoomUse::Bedroom),
    ("camera", RoomUse::Bedroom),
    ("slaapkamer", RoomUse::Bedroom),
    // sanitary
    ("wc", RoomUse::Wc),
    ("toilet", RoomUse::Wc),
    ("lavatory", RoomUse::Wc),
    ("toilette", RoomUse::Wc),
    ("aseo", RoomUse::Wc),
    ("servizi", RoomUse::Wc),
    ("bathroom", RoomUse::Bathroom),
    ("bath", RoomUse::Bathroom),
    ("shower", RoomUse::Bathroom),
    ("badezimmer", RoomUse::Bathroom),
    ("bad", RoomUse::Bathroom),
    ("dusche", RoomUse::Bathroom),
    ("salle de bain", RoomUse::Bathroom),
    ("salle d'eau", RoomUse::Bathroom),
    ("baño", RoomUse::Bathroom),
    ("bagno", RoomUse::Bathroom),
    ("badkamer", RoomUse::Bathroom),
    // day rooms
    ("living", RoomUse::Lounge),
    ("lounge", RoomUse::Lounge),
    ("sitting", RoomUse::Lounge),
    ("day room", RoomUse::Lounge),
    ("wohn", RoomUse::Lounge),
    ("aufenthalt", RoomUse::Lounge),
    ("séjour", RoomUse::Lounge),
    ("salon", RoomUse::Lounge),
    ("sala de estar", RoomUse::Lounge),
    ("soggiorno", RoomUse::Lounge),
    ("woonkamer", RoomUse::Lounge),
    ("dining", RoomUse::Dining),
    ("restaurant", RoomUse::Dining),
    ("speise", RoomUse::Dining),
    ("essen", RoomUse::Dining),
    ("salle à manger", RoomUse::Dining),
    ("comedor", RoomUse::Dining),
    ("sala da pranzo", RoomUse::Dining),
    ("eetkamer", RoomUse::Dining),
    ("kitchen", RoomUse::Kitchen),
    ("küche", RoomUse::Kitchen),
    ("kueche", RoomUse::Kitchen),
    ("cuisine", RoomUse::Kitchen),
    ("cocina", RoomUse::Kitchen),
    ("cucina", RoomUse::Kitchen),
    ("keuken", RoomUse::Kitchen),
    ("activity", RoomUse::Activity),
    ("meeting", RoomUse::Activity),
    ("garden room", RoomUse::GardenRoom),
    ("conservatory", RoomUse::GardenRoom),
    ("wintergarten", RoomUse::GardenRoom),
    // work and service
    ("office", RoomUse::Office),
    ("büro", RoomUse::Office),
    ("buero", RoomUse::Office),
    ("bureau", RoomUse::Office),
    ("oficina", RoomUse::Office),
    ("despacho", RoomUse::Office),
    ("ufficio", RoomUse::Office),
    ("kantoor", RoomUse::Office),
    ("nurse", RoomUse::NurseStation),
    ("staff", RoomUse::Staff),
    ("personal", RoomUse::Staff),
    ("sluice", RoomUse::Sluice),
    ("laundry", RoomUse::Laundry),
    ("utility", RoomUse::Laundry),
    ("wäsche", RoomUse::Laundry),
    ("buanderie", RoomUse::Laundry),
    ("lavandería", RoomUse::Laundry),
    ("lavanderia", RoomUse::Laundry),
    ("wasruimte", RoomUse::Laundry),
    ("store", RoomUse::Store),
    ("storage", RoomUse::Store),
    ("closet", RoomUse::Store),
    ("cupboard", RoomUse::Store),
    ("abstell", RoomUse::Store),
    ("lager", RoomUse::Store),
    ("rangement", RoomUse::Store),
    ("débarras", RoomUse::Store),
    ("almacén", RoomUse::Store),
    ("trastero", RoomUse::Store),
    ("ripostiglio", RoomUse::Store),
    ("magazzino", RoomUse::Store),
    ("berging", RoomUse::Store),
    ("clinic", RoomUse::Clinic),
    ("treatment", RoomUse::Clinic),
    ("plant", RoomUse::Plant),
    ("mechanical", RoomUse::Plant),
    ("technik", RoomUse::Plant),
    ("chaufferie", RoomUse::Plant),
];

/// The use a name suggests, with the word that matched.
pub fn guess_use(name: &str) -> Option<(RoomUse, &'static str)> {
    let lower = name.to_lowercase();
    WORDS
        .iter()
        .find(|(w, _)| contains_word(&lower, w))
        .map(|&(w, u)| (u, w))
}

/// `word` in `text` at the start of a word (`Wohnen`, `Lagerraum`), or anywhere for words of six
/// letters or more (the end of a German compound: `Kinderschlafzimmer`); words of up to three
/// letters (`wc`, `bad`, `hal`) must stand alone, so `Schaltraum` is not a hall.
fn contains_word(text: &str, word: &str) -> bool {
    let n = word.chars().count();
    text.match_indices(word).any(|(i, _)| {
        let starts = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphabetic());
        let ends = text[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphabetic());
        if n <= 3 {
            starts && ends
        } else {
            starts || n >= 6
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_six_languages() {
        let cases = [
            ("Bedroom 2", RoomUse::Bedroom),
            ("Schlafzimmer", RoomUse::Bedroom),
            ("Chambre 1", RoomUse::Bedroom),
            ("Dormitorio", RoomUse::Bedroom),
            ("Camera da letto", RoomUse::Bedroom),
            ("Slaapkamer", RoomUse::Bedroom),
            ("Bathroom 1", RoomUse::Bathroom),
            ("Bad", RoomUse::Bathroom),
            ("Küche", RoomUse::Kitchen),
            ("Cuisine", RoomUse::Kitchen),
            ("Hallway", RoomUse::Corridor),
            ("Flur", RoomUse::Corridor),
            ("Living Room", RoomUse::Lounge),
            ("Wohnen", RoomUse::Lounge),
            ("Büro", RoomUse::Office),
            ("Foyer", RoomUse::Entrance),
            ("Stair", RoomUse::Stair),
            ("Utility", RoomUse::Laundry),
            ("En-suite", RoomUse::Ensuite),
        ];
        for (name, want) in cases {
            assert_eq!(guess_use(name).map(|g| g.0), Some(want), "{name}");
        }
        assert_eq!(guess_use("Room"), None);
        assert_eq!(guess_use("Schaltraum"), None);
    }
}
