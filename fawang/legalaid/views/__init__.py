"""Legal aid's pages, one module per area (eligibility check, assignment, case log, quality review,
subsidies, cooperation, reports); thin views over the app's services and selectors."""
