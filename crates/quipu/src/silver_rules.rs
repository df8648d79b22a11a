//! General rules `quipu train silver --news` adds to the pipeline's names
//! in Spanish silver data, for the organizations and MISC names that
//! 19th-century books hardly mark but news text is full of, and the
//! copies of sentences that show the tagger news-like shapes (acronyms,
//! headlines in capitals). CoNLL-style conventions: an institution named
//! by a capitalized head is ORG with its capitalized and `de` continuation
//! (`Gobierno de Chile` whole); a ministry's portfolio after a lowercase
//! `ministro de` is MISC (`ministro de Hacienda`); treaties, constitutions,
//! revolutions, competitions and prizes are MISC; a word of 2–6 capitals in
//! a sentence otherwise in mixed case is an organization's acronym.

/// Heads that name an institution when capitalized inside a sentence.
const ORG_HEADS: &[&str] = &[
    "Academia",
    "Agencia",
    "Asamblea",
    "Asociación",
    "Audiencia",
    "Ayuntamiento",
    "Banco",
    "Cabildo",
    "Cámara",
    "Colegio",
    "Comisión",
    "Comité",
    "Compañía",
    "Confederación",
    "Congreso",
    "Consejo",
    "Consulado",
    "Convención",
    "Corporación",
    "Cortes",
    "Diputación",
    "Directorio",
    "Ejecutivo",
    "Ejército",
    "Empresa",
    "Federación",
    "Fundación",
    "Gobierno",
    "Inquisición",
    "Instituto",
    "Junta",
    "Legislatura",
    "Ministerio",
    "Municipalidad",
    "Parlamento",
    "Partido",
    "Policía",
    "Regencia",
    "Secretaría",
    "Senado",
    "Sociedad",
    "Tribunal",
    "Universidad",
];

/// Heads of MISC names (documents, events, competitions, prizes).
const MISC_HEADS: &[&str] = &[
    "Campeonato",
    "Concilio",
    "Constitución",
    "Copa",
    "Exposición",
    "Juegos",
    "Premio",
    "Revolución",
    "Tratado",
];

/// Heads that are ORG alone after `el`/`del`/`al`, but not with a `de`
/// continuation (`el Estado`, but `Estado de México`, `golpe de Estado`).
const ORG_ALONE: &[&str] = &["Estado"];

/// Lowercase words before a publication's name (ORG, determiner included:
/// `el diario El Comercio`).
const PRESS: &[&str] = &["diario", "gaceta", "periódico", "revista", "semanario"];

/// Lowercase words after which `de` + capitalized words name a ministry's
/// portfolio (MISC).
const PORTFOLIO: &[&str] = &[
    "cartera",
    "consejera",
    "consejero",
    "departamento",
    "ministerio",
    "ministra",
    "ministro",
    "secretaria",
    "secretario",
    "subsecretario",
];

/// Words that can start a sentence capitalized without being part of a
/// name before a head (`El Gobierno`).
const NOT_MODIFIER: &[&str] = &[
    "El", "La", "Los", "Las", "Un", "Una", "Del", "Al", "Este", "Esta", "Ese", "Esa", "Aquel",
    "Aquella", "Su", "Sus", "Nuestro", "Nuestra", "Y", "O", "Que", "En", "De", "Por", "Con",
    "Para", "A", "Sin", "Sobre", "Entre", "Todo", "Toda",
];

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// A word in capitals of 2–6 letters that is not a Roman numeral.
pub fn is_acronym(w: &str) -> bool {
    let n = w.chars().count();
    (2..=6).contains(&n)
        && w.chars().all(|c| c.is_uppercase() && c.is_alphabetic())
        && !w.chars().all(|c| "IVXLCDM".contains(c))
}

/// Whether most words of the sentence are in capitals (a heading).
pub fn shouting(words: &[&str]) -> bool {
    let letters: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let caps = letters
        .iter()
        .filter(|w| !w.chars().any(char::is_lowercase) && w.chars().count() > 1)
        .count();
    caps * 2 > letters.len()
}

fn set_span(tags: &mut [String], a: usize, b: usize, label: &str) {
    tags[a] = format!("B-{label}");
    for t in &mut tags[a + 1..b] {
        *t = format!("I-{label}");
    }
}

/// The capitalized name at `s` and its continuation, tagged `label` when
/// none of its tokens has a tag yet; its end (exclusive).
fn tag_free_name(words: &[&str], tags: &mut [String], s: usize, label: &str) -> Option<usize> {
    if s >= words.len() || !is_cap(words[s]) || tags[s] != "O" {
        return None;
    }
    let b = continuation(words, s + 1);
    if !tags[s..b].iter().all(|t| t == "O") {
        return None;
    }
    set_span(tags, s, b, label);
    Some(b)
}

/// The end (exclusive) of a name's continuation from `i`: capitalized
/// words, and `de`/`del`/`de la`/`de los`/`de las` followed by one; other
/// names' tokens on the way are taken in.
fn continuation(words: &[&str], mut i: usize) -> usize {
    loop {
        if i < words.len() && is_cap(words[i]) && words[i].chars().any(char::is_alphabetic) {
            i += 1;
            continue;
        }
        let skip = match (words.get(i), words.get(i + 1)) {
            (Some(&"de"), Some(&("la" | "los" | "las"))) => 2,
            (Some(&("de" | "del")), _) => 1,
            _ => 0,
        };
        if skip > 0
            && words
                .get(i + skip)
                .is_some_and(|w| is_cap(w) && w.chars().any(char::is_alphabetic))
        {
            i += skip;
            continue;
        }
        return i;
    }
}

/// The span of a tag sequence that covers token `i`, or `None` for `O`.
fn span_at(tags: &[String], i: usize) -> Option<(usize, usize)> {
    if tags[i] == "O" {
        return None;
    }
    let mut a = i;
    while a > 0 && tags[a].starts_with("I-") {
        a -= 1;
    }
    let mut b = i + 1;
    while b < tags.len() && tags[b].starts_with("I-") {
        b += 1;
    }
    Some((a, b))
}

/// Adds ORG and MISC names to a sentence's tags (`O` tokens only, except
/// that an institution's continuation takes in names inside it). `opens[i]`:
/// token `i` opens the sentence or a clause; `other_case(w)`: the corpus
/// also writes `w` in lower or title case (then a word in capitals is a
/// name or a word written loud, `PÉREZ`, not an acronym). Returns how many
/// names it added.
pub fn add_names(
    words: &[&str],
    tags: &mut [String],
    opens: &[bool],
    other_case: impl Fn(&str) -> bool,
) -> usize {
    let mut added = 0;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let alone = ORG_ALONE.contains(&w)
            && continuation(words, i + 1) == i + 1
            && i > 0
            && matches!(words[i - 1], "el" | "del" | "al");
        let head = if ORG_HEADS.contains(&w) || alone {
            Some("ORG")
        } else if MISC_HEADS.contains(&w) {
            Some("MISC")
        } else {
            None
        };
        if let Some(label) = head
            && tags[i] == "O"
            && !opens[i]
        {
            // Capitalized modifiers before the head (`Real Audiencia`).
            let mut a = i;
            while a > 0
                && tags[a - 1] == "O"
                && !opens[a - 1]
                && is_cap(words[a - 1])
                && !NOT_MODIFIER.contains(&words[a - 1])
            {
                a -= 1;
            }
            let b = continuation(words, i + 1);
            // Names inside the continuation are taken in whole; one that
            // runs past it stops the rule.
            let mut ok = true;
            let mut j = i + 1;
            while j < b {
                if let Some((sa, sb)) = span_at(tags, j) {
                    if sa < i + 1 || sb > b {
                        ok = false;
                        break;
                    }
                    j = sb;
                } else {
                    j += 1;
                }
            }
            if ok {
                set_span(tags, a, b, label);
                added += 1;
                i = b;
                continue;
            }
        }
        // A publication's name after `el diario`, quotation marks left out.
        if PRESS.contains(&w) {
            let mut s = i + 1;
            if words.get(s).is_some_and(|x| matches!(*x, "\"" | "«" | "“")) {
                s += 1;
            }
            if let Some(b) = tag_free_name(words, tags, s, "ORG") {
                added += 1;
                i = b;
                continue;
            }
        }
        // A ministry's portfolio after a lowercase `ministro de`.
        if PORTFOLIO.contains(&w) {
            let skip = match (words.get(i + 1), words.get(i + 2)) {
                (Some(&"de"), Some(&("la" | "los" | "las"))) => 2,
                (Some(&("de" | "del")), _) => 1,
                _ => 0,
            };
            let s = i + 1 + skip;
            if skip > 0
                && let Some(b) = tag_free_name(words, tags, s, "MISC")
            {
                added += 1;
                i = b;
                continue;
            }
        }
        if tags[i] == "O" && is_acronym(w) && !other_case(w) {
            tags[i] = "B-ORG".into();
            added += 1;
        }
        i += 1;
    }
    added
}

/// The acronym of a name's capitalized words (`Junta Suprema Central` →
/// `JSC`), when it has at least two.
pub fn acronym_of(words: &[&str]) -> Option<String> {
    let s: String = words
        .iter()
        .filter(|w| is_cap(w))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    (s.chars().count() >= 2 && s.chars().count() <= 6).then_some(s)
}

/// A copy of a sentence with its `k`-th ORG name of two capitalized words or
/// more replaced by its acronym (`replace`), or followed by it in
/// parentheses.
pub fn with_acronym(
    words: &[&str],
    tags: &[String],
    replace: bool,
) -> Option<(Vec<String>, Vec<String>)> {
    let mut i = 0;
    while i < words.len() {
        if tags[i] == "B-ORG" {
            let (a, b) = span_at(tags, i)?;
            if let Some(acr) = acronym_of(&words[a..b]) {
                let mut w: Vec<String> = words[..a].iter().map(|x| x.to_string()).collect();
                let mut t: Vec<String> = tags[..a].to_vec();
                if replace {
                    w.push(acr);
                    t.push("B-ORG".into());
                } else {
                    w.extend(words[a..b].iter().map(|x| x.to_string()));
                    t.extend(tags[a..b].iter().cloned());
                    w.extend(["(".to_string(), acr, ")".to_string()]);
                    t.extend(["O".to_string(), "B-ORG".into(), "O".into()]);
                }
                w.extend(words[b..].iter().map(|x| x.to_string()));
                t.extend(tags[b..].iter().cloned());
                return Some((w, t));
            }
            i = b;
        } else {
            i += 1;
        }
    }
    None
}

/// Organization names made from general Spanish naming patterns and a
/// place (`Universidad de {L}`, `Real {L}`, `{L} Club de Fútbol`) or an
/// adjective (`Partido Liberal`); `{L}` is filled with a place the
/// pipeline found in the books.
const ORG_PATTERNS: &[&str] = &[
    "Universidad de {L}",
    "Universidad Autónoma de {L}",
    "Ayuntamiento de {L}",
    "Banco de {L}",
    "Caja de Ahorros de {L}",
    "Diputación de {L}",
    "Gobierno de {L}",
    "Audiencia Provincial de {L}",
    "Cámara de Comercio de {L}",
    "Colegio de Abogados de {L}",
    "Instituto Tecnológico de {L}",
    "Club Deportivo {L}",
    "Real {L}",
    "Atlético de {L}",
    "Deportivo {L}",
    "Racing de {L}",
    "Sporting de {L}",
    "Unión Deportiva {L}",
    "{L} Club de Fútbol",
    "Grupo {L}",
    "Puerto de {L}",
    "Orquesta Sinfónica de {L}",
    "Partido Liberal",
    "Partido Conservador",
    "Partido Socialista",
    "Partido Comunista",
    "Partido Popular",
    "Partido Nacional",
    "Partido Republicano",
    "Partido Demócrata",
    "Banco Central",
    "Banco Mundial",
    "Tribunal Supremo",
    "Tribunal Constitucional",
    "Corte Suprema",
    "Fiscalía General",
    "Policía Nacional",
    "Fuerzas Armadas",
    "Comisión Nacional",
    "Consejo de Seguridad",
    "Ministerio de Economía",
    "Ministerio de Defensa",
    "Sindicato de Trabajadores",
    "Confederación General del Trabajo",
    "Agencia de Noticias",
    "Cruz Roja",
];

/// MISC names from general patterns: competitions, events, prizes, laws.
const MISC_PATTERNS: &[&str] = &[
    "Copa de {L}",
    "Copa del Rey",
    "Liga de Campeones",
    "Campeonato de {L}",
    "Juegos Olímpicos de {L}",
    "Gran Premio de {L}",
    "Premio Nacional de Literatura",
    "Feria de {L}",
    "Festival de {L}",
    "Exposición Universal de {L}",
    "Tratado de {L}",
    "Constitución de {L}",
    "Acuerdo de {L}",
    "Cumbre de {L}",
    "Mundial de Fútbol",
    "Semana Santa",
    "Liga de {L}",
    "Vuelta a {L}",
    "Maratón de {L}",
    "Bienal de {L}",
    "Declaración de {L}",
    "Conferencia de {L}",
    "Ley de Educación",
    "Plan Nacional de Vivienda",
    "Juegos Panamericanos",
    "Premio {L} de Novela",
];

/// Deterministic fillers of the patterns: places seen so far, a counter.
#[derive(Default)]
pub struct Synth {
    places: Vec<String>,
    n: u64,
}

impl Synth {
    /// Remembers a place name (one or two capitalized words).
    pub fn add_place(&mut self, words: &[&str]) {
        if (1..=2).contains(&words.len())
            && words
                .iter()
                .all(|w| is_cap(w) && w.chars().all(char::is_alphabetic) && !is_acronym(w))
        {
            self.places.push(words.join(" "));
        }
    }

    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.n = self.n.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.n;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A name from `patterns` (words), or `None` before any place is seen.
    pub fn name(&mut self, misc: bool) -> Option<Vec<String>> {
        if self.places.is_empty() {
            return None;
        }
        let pats = if misc { MISC_PATTERNS } else { ORG_PATTERNS };
        let p = pats[(self.next() % pats.len() as u64) as usize];
        let k = (self.next() % self.places.len() as u64) as usize;
        let l = self.places[k].clone();
        Some(
            p.replace("{L}", &l)
                .split(' ')
                .map(str::to_string)
                .collect(),
        )
    }
}

/// A copy of a sentence with its first `label` name replaced by `name`.
pub fn replace_first(
    words: &[&str],
    tags: &[String],
    label: &str,
    name: &[String],
) -> Option<(Vec<String>, Vec<String>)> {
    let i = tags.iter().position(|t| t == &format!("B-{label}"))?;
    let (a, b) = span_at(tags, i)?;
    let mut w: Vec<String> = words[..a].iter().map(|x| x.to_string()).collect();
    let mut t: Vec<String> = tags[..a].to_vec();
    w.extend(name.iter().cloned());
    t.push(format!("B-{label}"));
    t.extend((1..name.len()).map(|_| format!("I-{label}")));
    w.extend(words[b..].iter().map(|x| x.to_string()));
    t.extend(tags[b..].iter().cloned());
    Some((w, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<String> {
        let words: Vec<&str> = s.split(' ').collect();
        let mut tags = vec!["O".to_string(); words.len()];
        let mut opens = vec![false; words.len()];
        opens[0] = true;
        add_names(&words, &mut tags, &opens, |w| w == "PÉREZ");
        tags
    }

    #[test]
    fn institutions_and_portfolios() {
        assert_eq!(
            run("ayuda del Gobierno de Estados Unidos para"),
            ["O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O"]
        );
        assert_eq!(
            run("el ministro de Hacienda dijo"),
            ["O", "O", "O", "B-MISC", "O"]
        );
        assert_eq!(
            run("la Real Audiencia de la ciudad"),
            ["O", "B-ORG", "I-ORG", "O", "O", "O"]
        );
        assert_eq!(run("Gobierno dijo"), ["O", "O"]);
        assert_eq!(run("según la OEA en XIV"), ["O", "O", "B-ORG", "O", "O"]);
        assert_eq!(run("dijo PÉREZ"), ["O", "O"]);
        assert_eq!(
            run("el diario El Comercio dijo"),
            ["O", "O", "B-ORG", "I-ORG", "O"]
        );
        assert_eq!(run("para el Estado ."), ["O", "O", "B-ORG", "O"]);
        assert_eq!(run("el Estado de México"), ["O", "O", "O", "O"]);
        assert_eq!(run("un golpe de Estado ."), ["O", "O", "O", "O", "O"]);
    }

    #[test]
    fn acronyms() {
        let w = ["la", "Junta", "Suprema", "Central", "dijo"];
        let t: Vec<String> = ["O", "B-ORG", "I-ORG", "I-ORG", "O"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (w2, t2) = with_acronym(&w, &t, true).unwrap();
        assert_eq!(w2, ["la", "JSC", "dijo"]);
        assert_eq!(t2, ["O", "B-ORG", "O"]);
        let (w3, _) = with_acronym(&w, &t, false).unwrap();
        assert_eq!(w3.len(), 8);
        assert!(shouting(&["EL", "GOBIERNO", "de", "CHILE"]));
        let mut sy = Synth::default();
        assert!(sy.name(false).is_none());
        sy.add_place(&["Lima"]);
        let name = sy.name(false).unwrap();
        let (w4, t4) = replace_first(&w, &t, "ORG", &name).unwrap();
        assert_eq!(w4.len(), 2 + name.len());
        assert_eq!(t4[1], "B-ORG");
    }
}
