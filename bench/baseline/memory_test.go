package baseline

import (
	"context"
	"testing"
)

// BenchmarkMemoryBFS measures B4 on 100k generated lots (about 700k move
// lines): forward from a silo lot, whose closure is a large share of all
// lots, and both ways from ordinary lots.
func BenchmarkMemoryBFS(b *testing.B) {
	const n = 100_000
	d := randomDataset(1, n)
	s := NewMemoryBFS()
	ctx := context.Background()
	if err := s.Load(ctx, d); err != nil {
		b.Fatal(err)
	}
	run := func(name string, ask func(i int) (*Answer, error)) {
		b.Run(name, func(b *testing.B) {
			lots := 0
			for i := 0; b.Loop(); i++ {
				a, err := ask(i)
				if err != nil {
					b.Fatal(err)
				}
				lots += len(a.Lots)
			}
			b.ReportMetric(float64(lots)/float64(b.N), "lots/op")
		})
	}
	run("forward-silo", func(int) (*Answer, error) { return s.Forward(ctx, 1) })
	run("forward-narrow", func(i int) (*Answer, error) { return s.Forward(ctx, int64(n/2+i%(n/2))) })
	run("backward-narrow", func(i int) (*Answer, error) { return s.Backward(ctx, int64(n/2+i%(n/2))) })
	run("recall-10", func(i int) (*Answer, error) {
		seeds := make([]int64, 10)
		for j := range seeds {
			seeds[j] = int64(n/4 + (i*10+j)%(n/2))
		}
		return s.RecallScope(ctx, seeds)
	})
}
