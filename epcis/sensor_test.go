package epcis

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSensorReports_FlattenMetadataIntoReports(t *testing.T) {
	doc, err := DecodeDocument([]byte(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
	"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[
	{"type":"ObjectEvent","eventTime":"2026-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE","epcList":["urn:epc:id:sgtin:4012345.011111.9876"],
	 "sensorElementList":[{"sensorMetadata":{"time":"2026-01-01T10:00:00+01:00","deviceID":"urn:epc:id:giai:4000001.111"},
	   "sensorReport":[{"type":"Temperature","value":26.5,"uom":"CEL"},{"type":"gs1:AbsoluteHumidity","value":12,"uom":"A93","deviceID":"urn:epc:id:giai:4000001.222"}]},
	  {"sensorMetadata":{"startTime":"2026-01-01T00:00:00Z","endTime":"2026-01-02T00:00:00Z"},
	   "sensorReport":[{"type":"https://gs1.org/voc/MT-Temperature","minValue":2.1,"maxValue":9.4,"uom":"CEL"},{"type":"example:door","booleanValue":true}]}]}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := SensorReports(doc.Events[0].SensorElementList)
	if err != nil || len(rs) != 4 {
		t.Fatalf("%d reports, %v", len(rs), err)
	}
	if r := rs[0]; r.Type != "Temperature" || *r.Value != 26.5 || r.UOM != "CEL" || r.Time.UTC().Hour() != 9 ||
		r.DeviceID != CanonicalID("urn:epc:id:giai:4000001.111") {
		t.Errorf("report 0 = %+v", r)
	}
	if r := rs[1]; r.Type != "AbsoluteHumidity" || r.DeviceID != CanonicalID("urn:epc:id:giai:4000001.222") {
		t.Errorf("report 1 = %+v (its own deviceID wins)", r)
	}
	if r := rs[2]; r.Type != "Temperature" || *r.MaxValue != 9.4 || r.Value != nil || r.StartTime.IsZero() || !r.Time.IsZero() {
		t.Errorf("report 2 = %+v", r)
	}
	if r := rs[3]; r.Type != "example:door" || r.BooleanValue == nil || !*r.BooleanValue {
		t.Errorf("report 3 = %+v", r)
	}
}

// Every sensor example GS1 publishes flattens.
func TestSensorReports_GS1Examples(t *testing.T) {
	files, _ := filepath.Glob("../../shared/testdata/epcis/JSON/WithSensorData/*.jsonld")
	if len(files) == 0 {
		t.Skip("../shared/testdata is not here")
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := DecodeDocument(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, ev := range doc.Events {
			rs, err := SensorReports(ev.SensorElementList)
			if err != nil {
				t.Errorf("%s: %v", f, err)
			}
			n += len(rs)
		}
	}
	t.Logf("%d sensor reports in %d files", n, len(files))
	if n == 0 {
		t.Error("no sensor report read")
	}
}
