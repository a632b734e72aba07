package trace

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// chain builds a genealogy of realistic shape: levels of lots, each made
// from 2–8 lots of the level before, plus a few silo lots (salt, oil) that
// go into a large share of everything.
func chain(levels, perLevel int) *Index {
	rng := rand.New(rand.NewPCG(1, 2))
	var x Index
	var edges []Edge
	seq := int64(0)
	silo := uint32(1)
	for l := 1; l < levels; l++ {
		for i := range perLevel {
			child := uint32(l*perLevel + i + 1)
			seq++
			for range 2 + rng.IntN(7) {
				edges = append(edges, Edge{seq, uint32((l-1)*perLevel + rng.IntN(perLevel) + 1), child})
			}
			if rng.IntN(3) == 0 {
				edges = append(edges, Edge{seq, silo, child})
			}
		}
	}
	x.Add(edges)
	return &x
}

func BenchmarkWalk(b *testing.B) {
	x := chain(5, 20000) // 100k lots, about 450k edges
	b.Run("narrow-backward", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			x.Walk(uint32(4*20000+1+i%20000), Backward, 0)
		}
	})
	b.Run("narrow-forward", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			x.Walk(uint32(1*20000+1+i%20000), Forward, 0)
		}
	})
	b.Run("silo-forward", func(b *testing.B) {
		for b.Loop() {
			x.Walk(1, Forward, 0)
		}
	})
}

// BenchmarkIndexMemory reports the heap the index takes per edge.
func BenchmarkIndexMemory(b *testing.B) {
	var x *Index
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		x = chain(5, 20000)
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(x.Edges()), "bytes/edge")
	b.ReportMetric(float64(x.Edges()), "edges")
}

// BenchmarkIndexAdd measures the index update on the capture path: one
// production run's edges (2–8 inputs and a silo lot) added to an index of
// 100k lots, as the trace catch-up adds what capture committed.
func BenchmarkIndexAdd(b *testing.B) {
	x := chain(5, 20000)
	rng := rand.New(rand.NewPCG(3, 4))
	next, seq := uint32(100_001), int64(1_000_000)
	edges := make([]Edge, 0, 9)
	b.ReportAllocs()
	for b.Loop() {
		seq++
		edges = edges[:0]
		for range 2 + rng.IntN(7) {
			edges = append(edges, Edge{seq, uint32(4*20000 + rng.IntN(20000) + 1), next})
		}
		edges = append(edges, Edge{seq, 1, next})
		x.Add(edges)
		next++
	}
}
