"""The board papers' pages: board_packs and annual_report."""
