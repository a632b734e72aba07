package bench

import (
	"runtime/metrics"
	"sync"
	"time"
)

// peak follows the Go heap's high-water mark while a workload runs.
type peak struct {
	mu  sync.Mutex
	max uint64
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// watch samples the heap every 10 ms until the returned stop is called.
func (p *peak) watch() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			p.note(heapBytes())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait(); p.note(heapBytes()) }
}

func (p *peak) note(v uint64) {
	p.mu.Lock()
	p.max = max(p.max, v)
	p.mu.Unlock()
}

func (p *peak) mb() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return float64(p.max) / (1 << 20)
}
