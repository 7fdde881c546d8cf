"""Mail transports: file, smtp, graph (sendMail) and graph-events."""
