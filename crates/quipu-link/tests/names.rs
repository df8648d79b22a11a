//! Name keys and spelling-variant kinds (`quipu_link::names`), on names
//! of the kind history texts give.

use quipu_link::names::{names, variant_kind};

#[test]
fn surname_keys() {
    let n = names();
    let a = n.person("La Serna").unwrap();
    let b = n.person("Laserna").unwrap();
    let c = n.person("José de la Serna").unwrap();
    assert_eq!(a.surname, "laserna");
    assert_eq!(b.surname, "laserna");
    assert_eq!(c.surname, "laserna");
    assert_eq!(c.given, vec!["jose"]);
    assert_eq!(n.person("San Martín").unwrap().surname, "sanmartin");
    assert_eq!(n.person("José de San Martín").unwrap().given, vec!["jose"]);
    assert_eq!(n.person("Riva-Agüero").unwrap().last, "aguero");
}

#[test]
fn given_names_in_one_language() {
    let n = names();
    // A monarch is named in each language's form.
    let a = n.person("Charles V").unwrap();
    let b = n.person("Carlos V").unwrap();
    assert_eq!((a.given.clone(), a.surname.clone()), (b.given, b.surname));
    assert_eq!(a.given, vec!["carlos"]);
    assert_eq!(
        n.person("Philip II").unwrap().given,
        n.person("Felipe II").unwrap().given
    );
    // Names without a table entry stay as written.
    assert_eq!(n.person("Diego de Almagro").unwrap().given, vec!["diego"]);
}

#[test]
fn unit_keys_meet_across_languages() {
    let n = names();
    assert_eq!(
        n.unit_key("Río de la Plata Regiment"),
        n.unit_key("regimiento del Río de la Plata")
    );
    assert_eq!(
        n.unit_key("the Numancia battalion"),
        n.unit_key("batallón Numancia")
    );
}

#[test]
fn variants() {
    assert_eq!(variant_kind("La Serna", "Laserna"), Some("split-joined"));
    assert_eq!(variant_kind("Río Bamba", "Riobamba"), Some("split-joined"));
    assert_eq!(variant_kind("El Callao", "Callao"), Some("article"));
    assert_eq!(variant_kind("Bolívar", "Bolivar"), Some("accents"));
    assert_eq!(variant_kind("Cuzco", "Cusco"), Some("spelling"));
    assert_eq!(variant_kind("Bolívar", "Simón Bolívar"), None);
    // Typography is no variant (bug: `O’Higgins` / `O'Higgins` and a name
    // broken across lines were reported as accent variants).
    assert_eq!(variant_kind("O\u{2019}Higgins", "O'Higgins"), None);
    assert_eq!(variant_kind("Las\nHeras", "Las Heras"), None);
    assert_eq!(variant_kind("O\u{2019}Brien", "O'Brian"), Some("spelling"));
    assert_eq!(variant_kind("San\nMartin", "San Martín"), Some("accents"));
    assert_eq!(
        variant_kind("Riva Agüero", "José de la Riva-Agüero"),
        Some("hyphen")
    );
    assert_eq!(variant_kind("José de la Riva-Agüero", "Riva-Agüero"), None);
    assert_eq!(
        variant_kind("River Plate", "Río de la Plata"),
        Some("other-name")
    );
}
