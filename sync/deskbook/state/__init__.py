"""What deskbook remembers between runs: snapshots, build stamps, the Sheets cache, the lock."""
