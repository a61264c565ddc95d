"""Click commands grouped by area; search_app.cli registers every COMMANDS list."""
