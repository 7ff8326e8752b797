//! The contact network of a simulated run as GraphML (`contacts.graphml`), which NetworkX
//! (`networkx.read_graphml`), igraph and Gephi read, so epidemiologists can run their own network
//! models on a simulated home.
//!
//! The format is GraphML 1.0 (Brandes et al., "GraphML Progress Report", Graph Drawing 2001;
//! schema at <http://graphml.graphdrawing.org/>): an undirected graph, one node per person of
//! the run (people with no contact included, so the node count is the population), one edge per
//! pair of people who had at least one contact episode ([`crate::sim::Contact`]). Attributes:
//!
//! - node `role` (`resident`, `nurse`, … as in `contacts.csv`), `agency` (bool), `group` (cohort);
//! - edge `weight`: total contact time of the pair, seconds (the sum of their episodes'
//!   `duration_s`); `episodes`: how many; `close_s`: the time of the episodes that came within
//!   the close-range distance (`distance_class` = `close` in `contacts.csv`).
//!
//! Node ids are the person numbers of `contacts.csv` (`a`, `b`). Pairs are written in (a, b)
//! order and sums are taken in episode order, so the bytes depend only on the record. Pure.

use crate::sim::RunRecord;
use crate::sim::record::CLOSE_M;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One edge of the contact network: a pair's contact episodes summed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Edge {
    /// Total contact time, seconds.
    pub weight_s: f64,
    pub episodes: u32,
    /// Contact time of the episodes within [`CLOSE_M`], seconds.
    pub close_s: f64,
}

/// The pairs with contacts, `(a, b)` with `a < b`, and their summed episodes.
pub fn edges(rec: &RunRecord) -> BTreeMap<(u32, u32), Edge> {
    let mut out: BTreeMap<(u32, u32), Edge> = BTreeMap::new();
    for c in &rec.contacts {
        let e = out.entry((c.a.min(c.b), c.a.max(c.b))).or_default();
        e.weight_s += c.dur_s;
        e.episodes += 1;
        if c.dist_m <= CLOSE_M {
            e.close_s += c.dur_s;
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => o.push(c),
        }
    }
    o
}

/// The contact network of `rec` as GraphML; `name` (the building's name) labels the graph.
pub fn graphml(name: &str, rec: &RunRecord) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n\
         \x20 <key id=\"name\" for=\"graph\" attr.name=\"name\" attr.type=\"string\"/>\n\
         \x20 <key id=\"days\" for=\"graph\" attr.name=\"days\" attr.type=\"int\"/>\n\
         \x20 <key id=\"role\" for=\"node\" attr.name=\"role\" attr.type=\"string\"/>\n\
         \x20 <key id=\"agency\" for=\"node\" attr.name=\"agency\" attr.type=\"boolean\"/>\n\
         \x20 <key id=\"group\" for=\"node\" attr.name=\"group\" attr.type=\"int\"/>\n\
         \x20 <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n\
         \x20 <key id=\"episodes\" for=\"edge\" attr.name=\"episodes\" attr.type=\"int\"/>\n\
         \x20 <key id=\"close_s\" for=\"edge\" attr.name=\"close_s\" attr.type=\"double\"/>\n\
         \x20 <graph id=\"contacts\" edgedefault=\"undirected\">\n",
    );
    let _ = writeln!(s, "    <data key=\"name\">{}</data>", xml_escape(name));
    let _ = writeln!(s, "    <data key=\"days\">{}</data>", rec.days);
    for (i, p) in rec.people.iter().enumerate() {
        let _ = writeln!(
            s,
            "    <node id=\"{i}\"><data key=\"role\">{}</data><data key=\"agency\">{}</data>\
             <data key=\"group\">{}</data></node>",
            xml_escape(p.role.name()),
            p.agency,
            p.group
        );
    }
    for ((a, b), e) in edges(rec) {
        let _ = writeln!(
            s,
            "    <edge source=\"{a}\" target=\"{b}\"><data key=\"weight\">{}</data>\
             <data key=\"episodes\">{}</data><data key=\"close_s\">{}</data></edge>",
            e.weight_s, e.episodes, e.close_s
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_xml_cannot_hold() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
