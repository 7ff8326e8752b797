use carehome::assess::vga;
fn main() {
    let src = std::fs::read_to_string("floorplans/green-house.json").unwrap();
    let b = carehome::building::resolve(&carehome::plan::from_json_str(&src).unwrap()).building.unwrap();
    let (cells, rooms) = vga::grid(&b, 0, 1.0);
    let vis = vga::visibility(&b, 0, &cells, &rooms);
    for i in 0..cells.len() {
        for j in 0..cells.len() {
            if i == j { continue; }
            let naive = b.line_of_sight(0, cells[i], cells[j]);
            let fast = vis[i].binary_search(&(j as u32)).is_ok();
            if naive != fast {
                println!("{:?} ({}) -> {:?} ({}): naive {naive} fast {fast}", cells[i], b.rooms[rooms[i]].id, cells[j], b.rooms[rooms[j]].id);
                let w: Vec<_> = b.walls_crossing(0, cells[i], cells[j]).map(|w| (b.walls[w].segment, b.rooms[b.walls[w].room].id.clone())).collect();
                println!("   walls {:?}", w);
            }
        }
    }
}
