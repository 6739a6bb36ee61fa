"""Mail: drafts from templates, RFC 5322 messages and mailto: links (transports come later)."""
