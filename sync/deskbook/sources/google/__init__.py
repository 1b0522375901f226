"""Google Sheets: credentials, HTTP client, batchGet reading, Drive change checks."""
