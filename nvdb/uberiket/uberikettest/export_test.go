package uberikettest

// ForgetGenerated drops the generated types NewServer keeps for the next
// server with the same options, so that a test of the generator's own
// determinism draws and encodes them again.
func ForgetGenerated() {
	genShare.mu.Lock()
	defer genShare.mu.Unlock()
	genShare.keys, genShare.sets = nil, nil
}
