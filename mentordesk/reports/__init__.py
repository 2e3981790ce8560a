"""Qt-free documents: ReportLab certificates and reports, signing and QR codes (later issues)."""
