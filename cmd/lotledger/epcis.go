package main

import (
	"context"
	"flag"
	"fmt"

	"lotledger"
	"lotledger/epcis"
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
	var since string
	var limit int
	return &command{
		name:  "export",
		usage: "export [--since T] [--limit N]          events as an EPCIS 2.0 document (stdout)",
		flags: func(m *Main, fs *flag.FlagSet) {
			fs.StringVar(&since, "since", "", "only events recorded at or after this RFC 3339 time")
			fs.IntVar(&limit, "limit", 0, "at most this many events (0: all)")
		},
		run: func(m *Main, ctx context.Context) error {
			s, err := m.open(ctx)
			if err != nil {
				return err
			}
			q := lotledger.EPCISQuery{Params: map[string][]string{}, PerPage: lotledger.EPCISMaxPerPage}
			if since != "" {
				q.Params["GE_recordTime"] = []string{since}
			}
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
				n += len(res.Events)
				if res.NextPageToken == "" {
					break
				}
				q.NextPageToken = res.NextPageToken
			}
			if err := doc.Close(); err != nil {
				return err
			}
			_, err = fmt.Fprintln(m.Stdout)
			return err
		},
	}
}
