package trace

import (
	"slices"
	"testing"
)

func levels(rs []Reached) map[uint32]int {
	m := map[uint32]int{}
	for _, r := range rs {
		m[r.Lot] = r.Level
	}
	return m
}

// TestWalk_DiamondsLoopsAndDepth: 1 → 2, 1 → 3, 2 → 4, 3 → 4 (a diamond),
// 4 → 5, 5 → 2 (re-work: 2 is its own ancestor).
func TestWalk_DiamondsLoopsAndDepth(t *testing.T) {
	var x Index
	x.Add([]Edge{{1, 1, 2}, {1, 1, 3}, {2, 2, 4}, {3, 3, 4}, {4, 4, 5}, {5, 5, 2}})
	fwd := x.Walk(1, Forward, 0)
	if got := levels(fwd); len(fwd) != 5 || got[4] != 2 || got[5] != 3 {
		t.Fatalf("forward from 1: %v", fwd)
	}
	back := levels(x.Walk(2, Backward, 0))
	if len(back) != 5 || back[1] != -1 || back[5] != -1 || back[4] != -2 || back[3] != -3 {
		t.Fatalf("backward from 2 through the loop: %v", back)
	}
	if got := x.Walk(1, Forward, 1); len(got) != 3 {
		t.Fatalf("depth 1: %v", got)
	}
	both := levels(x.Walk(4, Both, 1))
	if len(both) != 4 || both[2] != -1 || both[3] != -1 || both[5] != 1 {
		t.Fatalf("both: %v", both)
	}
	if x.Seq() != 5 || x.Edges() != 6 {
		t.Fatalf("seq %d edges %d", x.Seq(), x.Edges())
	}
}

func TestWalk_UnknownLotReachesOnlyItself(t *testing.T) {
	var x Index
	x.Add([]Edge{{1, 1, 2}})
	if got := x.Walk(99, Both, 0); !slices.Equal(got, []Reached{{Lot: 99}}) {
		t.Fatalf("got %v", got)
	}
}
