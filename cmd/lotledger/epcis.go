package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"net/url"
	"slices"

	"lotledger"
	"lotledger/epcis"
	lhttp "lotledger/http"
	"lotledger/store"
)

// importCommand captures an EPCIS 2.0 document from a file or stdin, exactly
// as POST /epcis/capture does.
func importCommand() *command {
	var file string
	var opt epcis.CaptureOptions
	return &command{
		name:  "import",
		usage: "import [--file F] [--create-lots] [--keep-unknown]   capture an EPCIS 2.0 document",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&file, "file", "-", "EPCISDocument (JSON-LD); - reads stdin")
			fs.BoolVar(&opt.CreateLots, "create-lots", false, "create an unknown lot of a known item on first sight")
			fs.BoolVar(&opt.KeepUnknown, "keep-unknown", false, "keep events naming unknown identifiers, unapplied, instead of refusing the document")
		},
		run: func(m *Main, ctx context.Context) error {
			body, err := m.readBody(file)
			if err != nil {
				return err
			}
			if err := epcis.Validate(body); err != nil {
				return err
			}
			doc, err := epcis.DecodeDocument(body)
			if err != nil {
				return err
			}
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			job, err := s.Capture(ctx, doc, opt)
			if err != nil {
				return describe(err)
			}
			return m.printJSON(job)
		},
	}
}

// exportCommand writes ledger events as an EPCIS 2.0 document, in sequence
// order, page by page through epcis.DocumentWriter, so that a ledger of any
// size streams in bounded memory. A failure part way (a full disk, say)
// leaves an incomplete document and a non-zero exit status.
func exportCommand() *command {
	var since, query string
	var limit int
	var masterData bool
	return &command{
		name:  "export",
		usage: "export [--since T] [--query Q] [--limit N] [--master-data=false]   events as an EPCIS 2.0 document (stdout)",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&since, "since", "", "only events recorded at or after this RFC 3339 time")
			fs.StringVar(&query, "query", "", "only events matching these EPCIS query parameters, written as for GET /epcis/events: 'MATCH_anyEPCClass=...&EQ_bizStep=shipping'")
			fs.IntVar(&limit, "limit", 0, "at most this many events (0: all)")
			fs.BoolVar(&masterData, "master-data", true, "end the document with the master data (captured, and lotledger's own locations, items and parties) of the locations, classes, business steps, ... its events name")
		},
		run: func(m *Main, ctx context.Context) error {
			q, err := exportQuery(query, since)
			if err != nil {
				return describe(err)
			}
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			named, err := newMasterDataNames(ctx, s, masterData)
			if err != nil {
				return err
			}
			defer named.ids() // on an error part way, stops its goroutine
			doc := epcis.NewDocumentWriter(m.Stdout, m.Now())
			for n := 0; limit <= 0 || n < limit; {
				if limit > 0 {
					q.PerPage = min(lotledger.EPCISMaxPerPage, limit-n)
				}
				res, err := s.QueryEPCIS(ctx, q)
				if err != nil {
					return describe(err)
				}
				for _, ev := range res.Events {
					if err := doc.Event(ev); err != nil {
						return err
					}
				}
				named.add(res.Events)
				n += len(res.Events)
				if res.NextPageToken == "" {
					break
				}
				q.NextPageToken = res.NextPageToken
			}
			els, err := s.MasterData(ctx, named.ids())
			if err != nil {
				return err
			}
			if err := doc.CloseWith(els); err != nil {
				return err
			}
			_, err = fmt.Fprintln(m.Stdout)
			return err
		},
	}
}

// masterDataNames gathers the elements an export's events name that the
// ledger has master data for. Only those are kept, so that its memory is
// bounded by the master data rather than by the events; with
// --master-data=false, or a ledger without master data (not even a location
// or item of its own), the events are not decoded. Pages are decoded on a goroutine of
// their own, beside the reading and writing of the next: decoding is about
// as much work as the rest of an export.
type masterDataNames struct {
	known, named map[string]bool
	pages        chan []json.RawMessage
	done         chan struct{}
}

func newMasterDataNames(ctx context.Context, s *store.Store, wanted bool) (*masterDataNames, error) {
	n := &masterDataNames{named: map[string]bool{}}
	if !wanted {
		return n, nil
	}
	var err error
	if n.known, err = s.MasterDataIDs(ctx); err != nil || len(n.known) == 0 {
		return n, err
	}
	n.pages, n.done = make(chan []json.RawMessage, 2), make(chan struct{})
	go n.decode()
	return n, nil
}

func (n *masterDataNames) decode() {
	defer close(n.done)
	for page := range n.pages {
		for _, raw := range page {
			ev, err := epcis.DecodeEvent(raw)
			if err != nil {
				continue // a stored event decodes; were it not to, it names nothing
			}
			ev.VocabularyIDs(func(id string) {
				if n.known[id] {
					n.named[id] = true
				}
			})
		}
	}
}

// add hands over a page of events, which the caller no longer changes.
func (n *masterDataNames) add(page []json.RawMessage) {
	if n.pages != nil {
		n.pages <- page
	}
}

// ids returns the elements named, once every page handed over is decoded.
func (n *masterDataNames) ids() []string {
	if n.pages != nil {
		close(n.pages)
		<-n.done
		n.pages = nil
	}
	return slices.Collect(maps.Keys(n.named))
}

// exportQuery is the query lotledger export pages through: --query's
// parameters, and --since as GE_recordTime.
func exportQuery(query, since string) (lotledger.EPCISQuery, error) {
	v, err := url.ParseQuery(query)
	if err != nil {
		return lotledger.EPCISQuery{}, lotledger.Errorf(lotledger.EINVALID, "query", "--query is not a query string (NAME=VALUE&...): %v", err)
	}
	for _, name := range []string{"perPage", "nextPageToken"} {
		if v.Has(name) {
			return lotledger.EPCISQuery{}, lotledger.Errorf(lotledger.EINVALID, "query", "--query takes no %s: export pages through every event itself", name)
		}
	}
	if since != "" {
		if v.Has("GE_recordTime") {
			return lotledger.EPCISQuery{}, lotledger.Errorf(lotledger.EINVALID, "since", "--since and GE_recordTime in --query say the same; give one")
		}
		v.Set("GE_recordTime", since)
	}
	q, err := lhttp.ParseEPCISQuery(v)
	q.PerPage = lotledger.EPCISMaxPerPage
	return q, err
}
