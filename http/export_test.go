package http

import "time"

// SetSocketPoll sets how often WebSocket streams look for new events, for
// a test, and returns the function that puts it back.
func SetSocketPoll(d time.Duration) func() {
	old := socketPoll
	socketPoll = d
	return func() { socketPoll = old }
}
