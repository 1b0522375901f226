"""One module per site area; each turns the dataset into page specs."""
