package quote

func Go() string { return "Don't communicate by sharing memory." }
