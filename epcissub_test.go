package lotledger_test

import (
	"errors"
	"testing"
	"time"

	"lotledger"
)

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var e *lotledger.Error
	if !errors.As(err, &e) || e.Code != lotledger.EINVALID || e.Field != field {
		t.Fatalf("err = %v, want invalid %s", err, field)
	}
}

func TestCheckQueryName_RefusesWhatIsNoPathSegment(t *testing.T) {
	for _, ok := range []string{"shipments", "recalls.2026-Q1", "a_b"} {
		if err := lotledger.CheckQueryName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "a/b", "sp ace", "é", string(make([]byte, 101))} {
		wantField(t, lotledger.CheckQueryName(bad), "name")
	}
}

func TestSubscriptionCheck_NamesTheField(t *testing.T) {
	stream := lotledger.EPCISSubscription{Dest: "https://partner.example/epcis", Stream: true}
	if err := stream.Check(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		edit  func(*lotledger.EPCISSubscription)
		field string
	}{
		{"no dest", func(s *lotledger.EPCISSubscription) { s.Dest = "" }, "dest"},
		{"relative dest", func(s *lotledger.EPCISSubscription) { s.Dest = "/hook" }, "dest"},
		{"mailto dest", func(s *lotledger.EPCISSubscription) { s.Dest = "mailto:a@b.example" }, "dest"},
		{"neither", func(s *lotledger.EPCISSubscription) { s.Stream = false }, "schedule"},
		{"both", func(s *lotledger.EPCISSubscription) { s.Schedule = &lotledger.EPCISSchedule{Hour: "2"} }, "schedule"},
		{"empty stream report", func(s *lotledger.EPCISSubscription) { s.ReportIfEmpty = true }, "reportIfEmpty"},
		{"bad hour", func(s *lotledger.EPCISSubscription) {
			s.Stream, s.Schedule = false, &lotledger.EPCISSchedule{Hour: "24"}
		}, "schedule.hour"},
		{"bad range", func(s *lotledger.EPCISSubscription) {
			s.Stream, s.Schedule = false, &lotledger.EPCISSchedule{DayOfWeek: "[5-1]"}
		}, "schedule.dayOfWeek"},
		{"not a number", func(s *lotledger.EPCISSubscription) {
			s.Stream, s.Schedule = false, &lotledger.EPCISSchedule{Minute: "*/5"}
		}, "schedule.minute"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sub := stream
			c.edit(&sub)
			wantField(t, sub.Check(), c.field)
		})
	}
}

func TestScheduleNext(t *testing.T) {
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	from := at("2026-11-25T09:30:15Z") // a Wednesday
	cases := []struct {
		name  string
		sched lotledger.EPCISSchedule
		want  string
	}{
		{"every second", lotledger.EPCISSchedule{}, "2026-11-25T09:30:16Z"},
		{"hour 2 is 02:00:00 only", lotledger.EPCISSchedule{Hour: "2"}, "2026-11-26T02:00:00Z"},
		{"minutes 0 and 30", lotledger.EPCISSchedule{Minute: "0,30"}, "2026-11-25T10:00:00Z"},
		{"second 20 of any minute", lotledger.EPCISSchedule{Second: "20"}, "2026-11-25T09:30:20Z"},
		{"weekdays 06:00", lotledger.EPCISSchedule{Hour: "6", DayOfWeek: "[1-5]"}, "2026-11-26T06:00:00Z"},
		{"Sunday", lotledger.EPCISSchedule{Hour: "0", DayOfWeek: "7"}, "2026-11-29T00:00:00Z"},
		{"first of the month", lotledger.EPCISSchedule{Hour: "1", DayOfMonth: "1"}, "2026-12-01T01:00:00Z"},
		{"29 February", lotledger.EPCISSchedule{Hour: "0", DayOfMonth: "29", Month: "2"}, "2028-02-29T00:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.sched.Next(from)
			if !ok || !got.Equal(at(c.want)) {
				t.Errorf("Next = %v %v, want %s", got, ok, c.want)
			}
		})
	}
	if got, ok := (&lotledger.EPCISSchedule{DayOfMonth: "31", Month: "2"}).Next(from); ok {
		t.Errorf("31 February: Next = %v, want none", got)
	}
	// Next is strictly after: a report at 02:00:00 is next due a day later.
	if got, _ := (&lotledger.EPCISSchedule{Hour: "2"}).Next(at("2026-11-26T02:00:00Z")); !got.Equal(at("2026-11-27T02:00:00Z")) {
		t.Errorf("Next after a run = %v", got)
	}
}
