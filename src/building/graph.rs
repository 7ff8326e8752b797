//! The door graph: rooms, outdoor areas and the outside as nodes; doors and vertical links as
//! edges. The navigation module builds its routing graph on top of it.

use super::{Building, DoorGeom, Side, VerticalGeom};
use std::collections::VecDeque;

/// What an edge of the door graph passes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Door(usize),
    Vertical(usize),
}

/// An edge of the door graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub to: Side,
    pub via: Via,
}

/// Nodes are indexed rooms first, then outdoor areas, then the outside.
#[derive(Clone, Debug, Default)]
pub struct DoorGraph {
    n_rooms: usize,
    n_outdoor: usize,
    adj: Vec<Vec<Link>>,
}

/// A node of the door graph is a side of a door.
pub type Node = Side;

impl DoorGraph {
    pub(crate) fn new(
        n_rooms: usize,
        n_outdoor: usize,
        doors: &[DoorGeom],
        vertical: &[VerticalGeom],
    ) -> Self {
        let mut g = DoorGraph {
            n_rooms,
            n_outdoor,
            adj: vec![Vec::new(); n_rooms + n_outdoor + 1],
        };
        for (d, door) in doors.iter().enumerate() {
            let [a, b] = door.sides;
            g.add(a, b, Via::Door(d));
        }
        for (v, link) in vertical.iter().enumerate() {
            let [a, b] = link.rooms;
            g.add(Side::Room(a), Side::Room(b), Via::Vertical(v));
        }
        g
    }

    fn add(&mut self, a: Side, b: Side, via: Via) {
        let (ia, ib) = (self.index(a), self.index(b));
        self.adj[ia].push(Link { to: b, via });
        self.adj[ib].push(Link { to: a, via });
    }

    /// Dense index of a node.
    pub fn index(&self, node: Node) -> usize {
        match node {
            Side::Room(i) => i,
            Side::Outdoor(k) => self.n_rooms + k,
            Side::Outside => self.n_rooms + self.n_outdoor,
        }
    }

    /// The node of a dense index.
    pub fn node(&self, index: usize) -> Node {
        if index < self.n_rooms {
            Side::Room(index)
        } else if index < self.n_rooms + self.n_outdoor {
            Side::Outdoor(index - self.n_rooms)
        } else {
            Side::Outside
        }
    }

    pub fn len(&self) -> usize {
        self.adj.len()
    }

    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }

    /// Edges leaving a node.
    pub fn links(&self, node: Node) -> &[Link] {
        &self.adj[self.index(node)]
    }

    /// Which nodes can be reached from `starts` (indexed densely), through edges `usable` accepts.
    pub fn reachable(&self, starts: &[Node], usable: impl Fn(&Link) -> bool) -> Vec<bool> {
        let mut seen = vec![false; self.adj.len()];
        let mut queue = VecDeque::new();
        for &s in starts {
            let i = self.index(s);
            if !seen[i] {
                seen[i] = true;
                queue.push_back(i);
            }
        }
        while let Some(i) = queue.pop_front() {
            for link in &self.adj[i] {
                let j = self.index(link.to);
                if !seen[j] && usable(link) {
                    seen[j] = true;
                    queue.push_back(j);
                }
            }
        }
        seen
    }
}

impl Building {
    /// Entrance rooms with a door to the outside or an outdoor area.
    pub fn entrances(&self) -> Vec<usize> {
        self.rooms
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                r.room_use == crate::plan::RoomUse::Entrance
                    && self
                        .graph
                        .links(Side::Room(*i))
                        .iter()
                        .any(|l| matches!(l.via, Via::Door(_)) && !matches!(l.to, Side::Room(_)))
            })
            .map(|(i, _)| i)
            .collect()
    }
}
