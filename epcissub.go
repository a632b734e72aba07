package lotledger

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Named queries and subscriptions (EPCIS 2.0 REST binding, /queries): a
// trading partner saves a query under a name, reads its events whenever it
// likes, and subscribes a webhook to it. A subscription is sent what the
// query matches among the events recorded since its last report: as they
// are recorded (stream) or on a schedule.

// EPCISNamedQuery is a query saved under a name.
type EPCISNamedQuery struct {
	Name string `json:"name"`
	// Query holds the query parameters by their EPCIS names, as
	// EPCISQuery.Params does.
	Query     map[string][]string `json:"query"`
	CreatedAt time.Time           `json:"createdAt"`
	CreatedBy string              `json:"createdBy"`
}

// EPCISQueryNameMax is the longest query name accepted.
const EPCISQueryNameMax = 100

// CheckQueryName refuses a name that is empty, too long, or holds anything
// but letters, digits, '-', '_' and '.': the name is a path segment of
// every URL of the query.
func CheckQueryName(name string) error {
	if name == "" {
		return Errorf(EINVALID, "name", "name is required")
	}
	if len(name) > EPCISQueryNameMax {
		return Errorf(EINVALID, "name", "name must be at most %d characters", EPCISQueryNameMax)
	}
	for i, r := range name {
		ok := r == '-' || r == '_' || r == '.' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
		if !ok {
			return Errorf(EINVALID, "name", "name may hold only letters, digits, '-', '_' and '.', not %q at position %d", r, i+1)
		}
	}
	return nil
}

// EPCISSubscription sends the events of a named query to a webhook.
type EPCISSubscription struct {
	ID    string `json:"subscriptionID"`
	Query string `json:"queryName"`
	// Dest is the webhook: an absolute http or https URL the reports are
	// POSTed to.
	Dest string `json:"dest"`
	// SignatureToken, when set, is the key each report is signed with
	// (HMAC-SHA256); it is never shown again after the subscription is made.
	SignatureToken string `json:"signatureToken,omitempty"`
	// Stream sends events as they are recorded; otherwise Schedule says when.
	Stream   bool           `json:"stream"`
	Schedule *EPCISSchedule `json:"schedule,omitempty"`
	// ReportIfEmpty sends a scheduled report even when no event matched.
	ReportIfEmpty bool `json:"reportIfEmpty"`
	// InitialRecordTime: the first report holds events recorded from then
	// on; by default, from when the subscription was made.
	InitialRecordTime time.Time `json:"initialRecordTime"`
	CreatedAt         time.Time `json:"createdAt"`
	CreatedBy         string    `json:"createdBy"`
	// Delivery state.
	After         int64      `json:"-"`                       // events after this ledger position are still to be reported
	NextRun       time.Time  `json:"nextRun"`                 // when it is next due
	Attempts      int        `json:"attempts"`                // failed attempts since the last report
	LastError     string     `json:"lastError,omitempty"`     // why the last attempt failed
	LastDelivered *time.Time `json:"lastDelivered,omitempty"` // when a report was last accepted
}

// Check refuses a subscription with no usable webhook, with neither or both
// of stream and schedule, or with a malformed schedule, naming the field.
func (s EPCISSubscription) Check() error {
	u, err := url.Parse(s.Dest)
	if s.Dest == "" {
		return Errorf(EINVALID, "dest", "dest (the webhook URL reports are sent to) is required")
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Errorf(EINVALID, "dest", "dest must be an absolute http or https URL, not %q", s.Dest)
	}
	if len(s.SignatureToken) > 200 {
		return Errorf(EINVALID, "signatureToken", "signatureToken must be at most 200 characters")
	}
	return s.CheckTiming()
}

// CheckTiming refuses neither or both of stream and schedule, a stream
// that asks to report empty, and a malformed schedule: what a WebSocket
// subscription, which has no webhook, is checked for.
func (s EPCISSubscription) CheckTiming() error {
	switch {
	case s.Stream && s.Schedule != nil:
		return Errorf(EINVALID, "schedule", "a subscription has either stream or a schedule, not both")
	case !s.Stream && s.Schedule == nil:
		return Errorf(EINVALID, "schedule", "a subscription needs stream: true or a schedule")
	case s.Stream && s.ReportIfEmpty:
		return Errorf(EINVALID, "reportIfEmpty", "reportIfEmpty needs a schedule: a stream reports only events")
	case s.Schedule != nil:
		return s.Schedule.Check()
	}
	return nil
}

// DueAfter is when s is next due after a report at now: a stream at once
// (it is due whenever events are recorded), a schedule at its next time,
// and either at once while events are left over (more). A schedule that
// names no time to come is due in a hundred years.
func (s EPCISSubscription) DueAfter(now time.Time, more bool) time.Time {
	if s.Schedule == nil || more {
		return now
	}
	if next, ok := s.Schedule.Next(now); ok {
		return next
	}
	return now.AddDate(100, 0, 0)
}

// EPCISSchedule says when a scheduled subscription reports, in the fields
// of the EPCIS query schedule: each lists the values it may take, as
// numbers and ranges in brackets separated by commas ("0", "0,30",
// "[1-5]"), and an empty field takes any value. lotledger reads a second,
// minute or hour left empty below the first one set as 0, so that a
// schedule of hour "2" reports once, at 02:00:00, not every second of that
// hour. Times are UTC; dayOfWeek counts Monday as 1 and Sunday as 7.
type EPCISSchedule struct {
	Second     string `json:"second,omitempty"`
	Minute     string `json:"minute,omitempty"`
	Hour       string `json:"hour,omitempty"`
	DayOfMonth string `json:"dayOfMonth,omitempty"`
	Month      string `json:"month,omitempty"`
	DayOfWeek  string `json:"dayOfWeek,omitempty"`
}

// scheduleField is one field of a schedule with its range of values.
type scheduleField struct {
	name     string
	spec     *string
	min, max int
}

func (s *EPCISSchedule) fields() []scheduleField {
	return []scheduleField{
		{"schedule.second", &s.Second, 0, 59}, {"schedule.minute", &s.Minute, 0, 59}, {"schedule.hour", &s.Hour, 0, 23},
		{"schedule.dayOfMonth", &s.DayOfMonth, 1, 31}, {"schedule.month", &s.Month, 1, 12}, {"schedule.dayOfWeek", &s.DayOfWeek, 1, 7},
	}
}

// Check refuses a malformed schedule, naming the field.
func (s *EPCISSchedule) Check() error {
	_, err := s.compile()
	return err
}

// compiledSchedule holds, per field, which values it allows.
type compiledSchedule [6][]bool

func (s *EPCISSchedule) compile() (compiledSchedule, error) {
	var c compiledSchedule
	fields := s.fields()
	// A field left empty below the first one set means its lowest value
	// (every second of an hour is not what "hour 2" asks for).
	firstSet := -1
	for i, f := range fields[:3] {
		if strings.TrimSpace(*f.spec) != "" && firstSet < 0 {
			firstSet = i
		}
	}
	for i, f := range fields {
		allowed := make([]bool, f.max+1)
		spec := strings.TrimSpace(*f.spec)
		switch {
		case spec == "" && i < 3 && i < firstSet:
			allowed[f.min] = true
		case spec == "":
			for v := f.min; v <= f.max; v++ {
				allowed[v] = true
			}
		default:
			if err := parseScheduleField(f, spec, allowed); err != nil {
				return c, err
			}
		}
		c[i] = allowed
	}
	return c, nil
}

func parseScheduleField(f scheduleField, spec string, allowed []bool) error {
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		lo, hi := part, part
		if inner, ok := strings.CutPrefix(part, "["); ok {
			inner, ok = strings.CutSuffix(inner, "]")
			var dash bool
			lo, hi, dash = strings.Cut(inner, "-")
			if !ok || !dash {
				return Errorf(EINVALID, f.name, "%s: %q is neither a number nor a range such as [1-5]", f.name, part)
			}
		}
		a, errA := strconv.Atoi(strings.TrimSpace(lo))
		b, errB := strconv.Atoi(strings.TrimSpace(hi))
		if errA != nil || errB != nil {
			return Errorf(EINVALID, f.name, "%s: %q is neither a number nor a range such as [1-5]", f.name, part)
		}
		if a < f.min || b > f.max || a > b {
			return Errorf(EINVALID, f.name, "%s: %q is outside %d to %d", f.name, part, f.min, f.max)
		}
		for v := a; v <= b; v++ {
			allowed[v] = true
		}
	}
	return nil
}

// Next returns the first time after t (UTC, whole seconds) the schedule
// allows, and false when none comes within eight years (a schedule of
// 31 February).
func (s *EPCISSchedule) Next(t time.Time) (time.Time, bool) {
	c, err := s.compile()
	if err != nil {
		return time.Time{}, false
	}
	t = t.UTC().Truncate(time.Second).Add(time.Second)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	for d := 0; d < 8*366; d++ {
		date := day.AddDate(0, 0, d)
		wd := int(date.Weekday())
		if wd == 0 {
			wd = 7
		}
		if !c[3][date.Day()] || !c[4][int(date.Month())] || !c[5][wd] {
			continue
		}
		for h := 0; h < 24; h++ {
			if !c[2][h] {
				continue
			}
			for m := 0; m < 60; m++ {
				if !c[1][m] {
					continue
				}
				for sec := 0; sec < 60; sec++ {
					if c[0][sec] {
						if at := date.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second); !at.Before(t) {
							return at, true
						}
					}
				}
			}
		}
	}
	return time.Time{}, false
}

// String describes the schedule for messages.
func (s EPCISSchedule) String() string {
	return fmt.Sprintf("second=%q minute=%q hour=%q dayOfMonth=%q month=%q dayOfWeek=%q",
		s.Second, s.Minute, s.Hour, s.DayOfMonth, s.Month, s.DayOfWeek)
}
