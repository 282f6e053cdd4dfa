"""The plan's pages, one module per feature: overview, business_plan, projects."""
