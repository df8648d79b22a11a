//! Expressions placed by the narrative or the speaker: anaphoric and
//! deictic units (`the following year`, `next week`, `ese mismo año`),
//! single words (`today`, `former`, `daily`), weekdays and weekends,
//! directed dates (`el pasado 2 de octubre`, `next June`), and the tense
//! cues they read (`will`, verbs in the past).

use quipu_text::{Lang, TokenKind};

use super::{FUTURE_WINDOW, Kind, Rec, rel};
use crate::timex::value::{Cal, Val};

impl Rec<'_> {
    /// `the following year`, `that month`, `the same day`, `next week`,
    /// `el mes siguiente`, `al día siguiente`, `ese mismo año`.
    pub(super) fn relative_at(&self, i: usize) -> Option<(usize, Kind)> {
        let det = |w: &str| {
            matches!(
                w,
                "the"
                    | "that"
                    | "this"
                    | "el"
                    | "la"
                    | "al"
                    | "del"
                    | "ese"
                    | "esa"
                    | "este"
                    | "esta"
                    | "aquel"
                    | "aquella"
                    | "los"
                    | "las"
                    | "estos"
                    | "estas"
                    | "esos"
                    | "esas"
            )
        };
        let mut j = i;
        // `later that month`, `earlier that year`: a time within it.
        let within =
            matches!(self.lc(j), "later" | "earlier") && matches!(self.lc(j + 1), "that" | "this");
        if within {
            j += 1;
        }
        let mut has_det = false;
        if det(self.lc(j)) {
            has_det = true;
            j += 1;
        }
        // det? rel+ unit  (`the following year`, `that same day`, `next year`)
        let mut n: Option<i64> = None;
        let mut deictic = false;
        let mut k = j;
        while let Some(&r) = self.lx.relative.get(self.lc(k)) {
            if self.lx.units.contains_key(self.lc(k)) {
                break;
            }
            // `the past year`, `this past week`; not `that long-past day`.
            if self.lc(k) == "past" && !has_det {
                break;
            }
            deictic |= matches!(
                self.lc(k),
                "next"
                    | "last"
                    | "past"
                    | "this"
                    | "current"
                    | "coming"
                    | "upcoming"
                    | "próximo"
                    | "próxima"
                    | "pasado"
                    | "pasada"
                    | "este"
                    | "esta"
                    | "entrante"
            );
            n = Some(if r != 0 { r } else { n.unwrap_or(0) });
            k += 1;
        }
        // The determiner: after `later`/`earlier` when they lead.
        let d = if within { i + 1 } else { i };
        if has_det
            && n.is_none()
            && matches!(
                self.lc(d),
                "that" | "this" | "ese" | "esa" | "este" | "esta" | "aquel" | "aquella"
            )
        {
            n = Some(0);
            deictic = matches!(self.lc(d), "this" | "este" | "esta");
        }
        if let (Some(n), Some(unit)) = (n, self.unit_at(k)) {
            if !(has_det || deictic) {
                return None;
            }
            let mut end = k + 1;
            let w = self.lc(k);
            // `the following days`, `the past decade`: spans of time.
            if w.ends_with('s') && w != "mes" {
                return Some((end, Kind::Abs(Val::Duration(None, unit.to_owned()))));
            }
            // Spanish post-position: `el año pasado` after `este`? no; keep.
            if let Some(&r2) = self.lx.relative.get(self.lc(end))
                && self.lang == Lang::Es
            {
                end += 1;
                let n2 = if r2 != 0 { r2 } else { n };
                return Some((end, rel(unit, n2, deictic)));
            }
            return Some((
                end,
                Kind::Rel {
                    unit: unit.to_owned(),
                    n,
                    deictic,
                },
            ));
        }
        // det unit after-word at a clause end (`The day before, …`, `the
        // year after.`): relative to the narrative. With an event after it
        // (`the day before the battle`) it is anchored to the event, which
        // quipu does not date.
        if has_det
            && let Some(unit) = self.unit_at(j)
            && !self.lc(j).ends_with('s')
            && let Some((e, &dir)) = self.phrase(j + 1, &self.lx.after_words)
            && (e >= self.n() || self.t.kind(e) == Some(TokenKind::Punct) && self.lc(e) != "'")
        {
            return Some((e, rel(unit, dir, false)));
        }
        // `el año que viene`, `el año en curso`: the speaker's unit.
        if has_det
            && let Some(unit) = self.unit_at(j)
            && let Some((end, &r)) = self.phrase(j + 1, &self.lx.relative_phrases)
        {
            return Some((end, rel(unit, r, true)));
        }
        // det unit rel (`el mes siguiente`, `el año pasado`, `al día siguiente`)
        if has_det
            && let Some(unit) = self.unit_at(j)
            && let Some(&r) = self.lx.relative.get(self.lc(j + 1))
        {
            let mut end = j + 2;
            let mut r = r;
            // `el mismo día`, `ese día mismo` → 0; `siguiente` wins over `mismo`
            if let Some(&r2) = self.lx.relative.get(self.lc(end)) {
                if r == 0 {
                    r = r2;
                }
                end += 1;
            }
            let deictic = matches!(
                self.lc(j + 1),
                "pasado" | "pasada" | "próximo" | "próxima" | "entrante"
            );
            return Some((end, rel(unit, r, deictic)));
        }
        None
    }

    /// `today`, `ayer`, `now`, `former`, `daily`, `every year`.
    pub(super) fn word_at(&self, i: usize) -> Option<(usize, Kind)> {
        // `mañana` after an article is the morning, not tomorrow.
        let morning = self.lang == Lang::Es
            && i > 0
            && matches!(self.lc(i - 1), "la" | "esta" | "esa" | "aquella");
        // `anoche`: the night before the creation time.
        if let Some((j, p)) = self.phrase(i, &self.lx.deictic_day_parts) {
            let day = Kind::Deictic(p.days);
            return Some((j, Kind::DayPart(Box::new(Some(day)), p.part.clone())));
        }
        let deictic = self
            .phrase(i, &self.lx.deictic)
            .filter(|_| !morning)
            .map(|(j, &d)| (j, Kind::Deictic(d)));
        // `ahora bien` (however), `y entonces` (and so) are not times.
        if self.phrase(i, &self.lx.not_temporal).is_some()
            || i > 0
                && self
                    .phrase(i - 1, &self.lx.not_temporal)
                    .is_some_and(|(e, _)| e > i)
        {
            return None;
        }
        // `now` inside a longer phrase (`now and then`) is still a ref; a
        // phrase ending in an adjective that qualifies a noun after it is
        // not (`el futuro AVE`: only `futuro` is).
        // `del pasado ,` is the past; `del pasado viernes`, `el futuro AVE`
        // are not.
        let not_adjective = |j: usize| {
            !self.lx.ref_adjectives.contains_key(self.lc(j - 1))
                || j >= self.n()
                || self.lx.noun_stop.contains(self.lc(j))
                || !self.t.is_word(j) && !self.t.is_number(j)
        };
        // `as recently as late 2009`, `as late as 1820`: the date that
        // follows is the expression, not the adverb.
        let as_as = |j: usize| i > 0 && self.lc(i - 1) == "as" && self.lc(j) == "as";
        let reference = self
            .phrase(i, &self.lx.refs)
            .filter(|&(j, _)| j == i + 1 || not_adjective(j))
            .filter(|&(j, _)| !as_as(j))
            .map(|(j, r)| {
                // `at the same time`: the date just said (`SAME` in the lexicon).
                let k = if r == "SAME" {
                    Kind::Same
                } else {
                    Kind::Abs(Val::Ref(r.clone()))
                };
                (j, k)
            });
        let context = self
            .lx
            .context_refs
            .iter()
            .find(|(before, p, _)| {
                i > 0
                    && before.contains(self.lc(i - 1))
                    && self.t.matches(i, p)
                    && not_adjective(i + p.len())
            })
            .map(|(_, p, v)| (i + p.len(), Kind::Abs(Val::Ref(v.clone()))));
        let best = [deictic, reference, context].into_iter().flatten().fold(
            None,
            |b: Option<(usize, Kind)>, c| match b {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            },
        );
        if best.is_some() {
            return best;
        }
        if let Some((j, u)) = self.phrase(i, &self.lx.vague_durations) {
            return Some((j, Kind::Abs(Val::Duration(None, u.clone()))));
        }
        // `la próxima reunión`, `el futuro AVE`, `sus próximas películas`.
        if let Some(r) = self.lx.ref_adjectives.get(self.lc(i))
            && i > 0
            && self.lx.determiners.contains(self.lc(i - 1))
            && self.noun_at(i + 1)
        {
            return Some((i + 1, Kind::Abs(Val::Ref(r.clone()))));
        }
        if let Some(s) = self.lx.sets.get(self.lc(i)) {
            return Some((i + 1, Kind::Abs(Val::Set(s.clone()))));
        }
        // `160.000 barriles diarios`, `un índice diario`; not `el diario`.
        if let Some(s) = self.lx.sets_after_noun.get(self.lc(i))
            && i > 0
            && self.t.is_word(i - 1)
            && !self.capitalised(i)
            && !self.lx.determiners.contains(self.lc(i - 1))
            && !self.lx.noun_stop.contains(self.lc(i - 1))
        {
            return Some((i + 1, Kind::Abs(Val::Set(s.clone()))));
        }
        // `todos los días`, `todas las semanas`: every one.
        if self.lang == Lang::Es
            && matches!(
                (self.lc(i), self.lc(i + 1)),
                ("todos", "los") | ("todas", "las")
            )
            && let Some(u) = self.unit_at(i + 2)
            && self.lc(i + 2).ends_with('s')
            && self.lc(i + 3) != "de"
        {
            return Some((i + 3, Kind::Abs(Val::Set(format!("P1{u}")))));
        }
        if matches!(self.lc(i), "every" | "each" | "cada") {
            if let Some(u) = self.unit_at(i + 1) {
                return Some((i + 2, Kind::Abs(Val::Set(format!("P1{u}")))));
            }
            // `each July`, `every Thursday`: a named month or weekday after
            // `every` recurs (TimeML XXXX-07, XXXX-WXX-4), not the one
            // nearest the text's time. Not before a day number (`every
            // July 4`), which names a date.
            if self.lang != Lang::Es && !self.t.is_number(i + 2) {
                if let Some(m) = self.month_at(i + 1, true)
                    && self.capitalised(i + 1)
                {
                    return Some((i + 2, Kind::Abs(Val::Set(format!("XXXX-{m:02}")))));
                }
                if let Some(&d) = self.lx.weekdays.get(self.lc(i + 1))
                    && self.capitalised(i + 1)
                    && !self.raw(i + 1).ends_with("'s")
                {
                    return Some((i + 2, Kind::Abs(Val::Set(format!("XXXX-WXX-{d}")))));
                }
            }
            // `cada noche`: TimeML-ES writes PTNI.
            if self.lang == Lang::Es
                && let Some(p) = self.lx.day_parts.get(self.lc(i + 1))
            {
                return Some((i + 2, Kind::Abs(Val::Set(format!("PT{p}")))));
            }
            // `cada seis meses`, `every three years`
            if let Some((j, Some(n))) = self.count_at(i + 1)
                && let Some(u) = self.unit_at(j)
            {
                return Some((j + 1, Kind::Abs(Val::Set(format!("P{}{u}", n as i64)))));
            }
        }
        None
    }

    /// `Monday`, `el pasado lunes`, `el lunes pasado`, `next Friday`.
    pub(super) fn weekday_at(&self, i: usize) -> Option<(usize, Kind)> {
        let mut j = i;
        if matches!(self.lc(j), "el" | "on" | "del" | "al") {
            j += 1;
        }
        let mut dir = 0;
        if let Some(&r) = self.lx.relative.get(self.lc(j))
            && r != 0
        {
            dir = r;
            j += 1;
        }
        let d = *self.lx.weekdays.get(self.lc(j))?;
        if self.lang != Lang::Es && !self.capitalised(j) {
            return None;
        }
        // `Domingo García`: a Spanish weekday (written in lower case) with a
        // capital before a name is a name.
        if self.lang == Lang::Es
            && self.capitalised(j)
            && self.t.is_word(j + 1)
            && self.capitalised(j + 1)
            && self.month_at(j + 1, false).is_none()
            && !self.lx.relative.contains_key(self.lc(j + 1))
        {
            return None;
        }
        let mut end = j + 1;
        if let Some(&r) = self.lx.relative.get(self.lc(end))
            && r != 0
            && dir == 0
        {
            dir = r;
            end += 1;
        }
        // `after Friday prayers`, `Sunday services`: a weekday naming a
        // custom, not a day of the story (`XXXX-WXX-5`).
        let next = self.lc(end);
        // Not `on Friday`, not `Friday's`: those name a day.
        let raw = self.raw(j);
        let custom = self.lang != Lang::Es
            && dir == 0
            && j == i
            && !(i > 0 && self.lc(i - 1) == "on")
            && !raw.ends_with("'s")
            && !raw.ends_with("’s")
            && self.t.is_word(end)
            && !self.capitalised(end)
            && next.len() > 3
            && next.ends_with('s')
            && self.unit_at(end).is_none()
            && !self.lx.day_parts.contains_key(next)
            && !self.lx.day_parts.contains_key(&next[..next.len() - 1])
            && !self.lx.function_words.contains(next);
        if custom {
            return Some((end, Kind::Abs(Val::Weekday(d))));
        }
        // `planned to leave on Thursday`: a future word shortly before, in
        // the same clause, makes it the next Thursday.
        // Not `Wednesday's ruling`: that names a day already set.
        if dir == 0
            && !raw.ends_with("'s")
            && !raw.ends_with("’s")
            && self.future_before(i, FUTURE_WINDOW)
        {
            dir = 1;
        }
        Some((end, Kind::Weekday(d, dir)))
    }

    /// A future word (`will`, `scheduled`) at most `window` words before
    /// token `i` in its clause, with no past auxiliary (`had been
    /// scheduled`) there.
    pub(super) fn future_before(&self, i: usize, window: usize) -> bool {
        let clause = || {
            (i.saturating_sub(window)..i)
                .rev()
                .take_while(|&k| !self.lx.clause_stops.contains(self.lc(k)))
        };
        clause().any(|k| self.lx.future_cues.contains(self.lc(k)))
            && !clause().any(|k| self.lx.past_cues.contains(self.lc(k)))
    }

    /// Is token `k` a verb in the past: a word of more than four letters in
    /// `-ed` that is not a participle looking ahead (`expected`), or one of
    /// the lexicon's irregular forms (`was`, `set`)?
    pub(super) fn past_verb(&self, k: usize) -> bool {
        let w = self.lc(k);
        self.lx.irregular_past.contains(w)
            || w.len() > 4
                && w.ends_with("ed")
                && self.t.is_word(k)
                && !self.lx.future_participles.contains(w)
    }

    /// `este fin de semana`, `el próximo fin de semana`, `el fin de semana
    /// pasado`; `los fines de semana`, `cada fin de semana` (sets).
    pub(super) fn weekend_at(&self, i: usize) -> Option<(usize, Kind)> {
        let set = Kind::Abs(Val::Set("XXXX-WXX-WE".into()));
        if self.lc(i) == "cada"
            && let Some((e, false)) = self.phrase(i + 1, &self.lx.weekend).map(|(e, &p)| (e, p))
        {
            return Some((e, set));
        }
        let mut j = i;
        if self.t.matches(i, &["todos", "los"]) {
            j += 1;
        }
        // English has no determiner list (`the` would change other rules):
        // `the weekend`, `this weekend`, `that weekend`.
        let has_det = self.lx.determiners.contains(self.lc(j))
            || self.lang != Lang::Es && matches!(self.lc(j), "the" | "this" | "that");
        if has_det {
            j += 1;
        }
        let mut dir = self
            .lx
            .relative
            .get(self.lc(j))
            .copied()
            .filter(|&r| r != 0);
        if dir.is_some() {
            j += 1;
        }
        let (mut e, &plural) = self.phrase(j, &self.lx.weekend)?;
        if dir.is_none()
            && let Some(&r) = self.lx.relative.get(self.lc(e))
            && r != 0
        {
            dir = Some(r);
            e += 1;
        }
        if plural {
            return (dir.is_none() && matches!(self.lc(j - 1), "los" | "las")).then_some((e, set));
        }
        // `last weekend`, `next weekend`.
        if !(has_det || self.lang != Lang::Es && dir.is_some()) {
            return None;
        }
        let deictic = dir.is_some() || matches!(self.lc(i), "este" | "esta" | "this");
        Some((
            e,
            Kind::Rel {
                unit: "WE".into(),
                n: dir.unwrap_or(0),
                deictic,
            },
        ))
    }

    /// `el pasado 2 de octubre`, `del 10 de octubre próximo`, `junio pasado`,
    /// `next June`, `last March`.
    pub(super) fn directed_at(&self, i: usize) -> Option<(usize, Kind)> {
        let mut j = i;
        if matches!(self.lc(j), "el" | "del" | "the") {
            j += 1;
        }
        let dir_word = |k: usize| match self.lc(k) {
            "pasado" | "pasada" | "last" => Some(-1),
            "próximo" | "próxima" | "proximo" | "proxima" | "next" | "venidero" | "entrante" => {
                Some(1)
            }
            _ => None,
        };
        let after_dir = if self.lc(j + 1) == "día" {
            j + 2
        } else {
            j + 1
        };
        if let Some(d) = dir_word(j)
            && let Some((e, cal)) = self.date_at(after_dir)
            && cal.year.is_none()
        {
            return Some((e, Kind::Directed(cal, d)));
        }
        // `el pasado día 3`, `el próximo día 15`.
        if let Some(d) = dir_word(j)
            && after_dir == j + 2
            && let Some((e, day)) = self.day_at(after_dir)
            && self.month_at(e, false).is_none()
            && self.lc(e) != "de"
        {
            let cal = Cal {
                year: None,
                month: None,
                day: Some(day),
            };
            return Some((e, Kind::Directed(cal, d)));
        }
        let (e, cal) = self.date_at(j)?;
        if cal.year.is_some() {
            return None;
        }
        // `February this year`, `July last year`: the date in that year.
        if self.lang != Lang::Es
            && self.lc(e + 1) == "year"
            && let Some(n) = match self.lc(e) {
                "this" => Some(0),
                w => dir_word(e).filter(|_| matches!(w, "last" | "next")),
            }
        {
            return Some((
                e + 2,
                Kind::InYear {
                    date: cal,
                    n,
                    deictic: true,
                },
            ));
        }
        let d = dir_word(e)?;
        // Not `July last` of `July last year` (read above).
        if self.unit_at(e + 1).is_some() {
            return None;
        }
        Some((e + 1, Kind::Directed(cal, d)))
    }
}
