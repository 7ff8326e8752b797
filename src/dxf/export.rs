pub fn export_dxf() {}
