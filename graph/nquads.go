package graph

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/seckg/seckg"
)

// WriteNQuads writes every quad of the store as N-Quads (RFC: RDF 1.1
// N-Quads), each with its document as graph label. Control characters in
// literals are written as \u escapes so that every line parses back.
func (s *Store) WriteNQuads(ctx context.Context, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var werr error
	err := eachQuad(ctx, s.qs, s.qs.QuadsAllIterator(), func(q quad.Quad) {
		if werr == nil {
			werr = writeQuad(bw, q)
		}
	})
	if err == nil {
		err = werr
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("graph: write n-quads: %w", err)
	}
	return nil
}

func writeQuad(w *bufio.Writer, q quad.Quad) error {
	var b strings.Builder
	for i, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if v == nil {
			continue
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		formatValue(&b, v)
	}
	b.WriteString(" .\n")
	_, err := w.WriteString(b.String())
	return err
}

func formatValue(b *strings.Builder, v quad.Value) {
	switch v := v.(type) {
	case quad.IRI:
		b.WriteByte('<')
		for _, r := range string(v) {
			if r <= 0x20 || r == 0x7f || strings.ContainsRune(`<>"{}|^`+"`"+`\`, r) {
				fmt.Fprintf(b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
		b.WriteByte('>')
	case quad.String:
		formatLiteral(b, string(v))
	case quad.LangString:
		formatLiteral(b, string(v.Value))
		b.WriteByte('@')
		b.WriteString(v.Lang)
	case quad.TypedString:
		formatLiteral(b, string(v.Value))
		b.WriteString("^^")
		formatValue(b, v.Type)
	default:
		b.WriteString(v.String())
	}
}

func formatLiteral(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 {
				fmt.Fprintf(b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// ImportNQuads reads N-Quads (as WriteNQuads writes them) and stores them.
// The whole input is checked first: a malformed line, or a quad without a
// <seckg:d/DOCID> graph label, fails the import naming its line number,
// and nothing is written. Then the input is read a second time and stored
// in transactions of several whole documents each, every document's quads
// replacing what the store held for it (a document whose quads are spread
// over the input gets all of them). quads counts the distinct quads
// imported (present before or not). r is read twice when it is an
// io.Seeker (a file) and held in memory otherwise.
func (s *Store) ImportNQuads(ctx context.Context, r io.Reader) (quads int, err error) {
	if err := s.writable("import n-quads"); err != nil {
		return 0, err
	}
	rs, ok := r.(io.ReadSeeker)
	var start int64
	if ok {
		start, err = rs.Seek(0, io.SeekCurrent)
		ok = err == nil
	}
	if !ok {
		raw, err := io.ReadAll(r)
		if err != nil {
			return 0, fmt.Errorf("graph: import n-quads: %w", err)
		}
		rs, start = bytes.NewReader(raw), 0
	}
	// The check also finds the documents whose quads come in more than
	// one run of lines: they are gathered whole before they are written
	// (the others are written as they come), since the index cannot hold
	// part of a document.
	var (
		last  seckg.DocID
		seen  = map[seckg.DocID]bool{}
		split = map[seckg.DocID]bool{}
	)
	err = scanNQuads(ctx, rs, func(d seckg.DocID, _ quad.Quad) error {
		if d != last {
			if seen[d] {
				split[d] = true
			}
			seen[d], last = true, d
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	clear(seen)
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return 0, fmt.Errorf("graph: import n-quads: rewind: %w", err)
	}

	s.wmu.Lock()
	defer s.wmu.Unlock()
	b := s.newBatch()
	counts := map[seckg.DocID]int{}
	s.mu.RLock()
	stored := 0 // about how many quads the store holds
	for _, d := range s.ix.docs {
		stored += d.quads
	}
	s.mu.RUnlock()
	var (
		cur   seckg.DocID
		qs    []quad.Quad
		held  = map[seckg.DocID][]quad.Quad{} // the split documents' quads
		order []seckg.DocID                   // of the split documents
	)
	flush := func() error {
		if err := b.flush(); err != nil {
			return fmt.Errorf("graph: import n-quads: %w", err)
		}
		return nil
	}
	// emit hands the quads of document d to the batch.
	emit := func(d seckg.DocID, qs []quad.Quad) error {
		if len(qs) == 0 {
			return nil
		}
		qs = dedup(qs)
		x, extra := decode(d, qs, nil)
		if err := b.put(change{id: d, x: x, extra: extra, quads: len(qs)}, qs); err != nil {
			return fmt.Errorf("graph: import n-quads: %w", err)
		}
		counts[d] = len(qs)
		stored += len(qs)
		if n := batchLimit(stored); b.size() >= n || len(b.changes) >= n/16 {
			return flush()
		}
		return nil
	}
	err = scanNQuadsAhead(ctx, rs, func(d seckg.DocID, q quad.Quad) error {
		if split[d] {
			if _, ok := held[d]; !ok {
				order = append(order, d)
			}
			held[d] = append(held[d], q)
			return nil
		}
		if d != cur {
			if err := emit(cur, qs); err != nil {
				return err
			}
			cur, qs = d, nil
		}
		qs = append(qs, q)
		return nil
	})
	if err == nil {
		err = emit(cur, qs)
	}
	for _, d := range order {
		if err == nil {
			err = emit(d, held[d])
		}
		delete(held, d)
	}
	if err == nil {
		err = flush()
	}
	if err != nil {
		return 0, err
	}
	for _, n := range counts {
		quads += n
	}
	return quads, err
}

// docQuad is one parsed line.
type docQuad struct {
	d seckg.DocID
	q quad.Quad
}

// scanNQuadsAhead is scanNQuads with the parsing done by another
// goroutine, in blocks of lines, so that it overlaps with what fn does
// (the import's second pass: writing to the store). fn runs on the
// calling goroutine, in line order; its first error stops the parser.
func scanNQuadsAhead(ctx context.Context, r io.Reader, fn func(seckg.DocID, quad.Quad) error) error {
	const block = 4096
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	blocks := make(chan []docQuad, 4)
	perr := make(chan error, 1)
	go func() {
		defer close(blocks)
		buf := make([]docQuad, 0, block)
		err := scanNQuads(ctx, r, func(d seckg.DocID, q quad.Quad) error {
			buf = append(buf, docQuad{d, q})
			if len(buf) == block {
				select {
				case blocks <- buf:
				case <-ctx.Done():
					return ctx.Err()
				}
				buf = make([]docQuad, 0, block)
			}
			return nil
		})
		if err == nil && len(buf) > 0 {
			select {
			case blocks <- buf:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		perr <- err
	}()
	for b := range blocks {
		for _, x := range b {
			if err := fn(x.d, x.q); err != nil {
				cancel()
				for range blocks { // let the parser end
				}
				<-perr
				return err
			}
		}
	}
	return <-perr
}

// scanNQuads parses every N-Quads line of r and calls fn with its document
// and quad (canonical form). A malformed line or one without a document
// label is an ErrInvalid error naming its line number.
func scanNQuads(ctx context.Context, r io.Reader, fn func(seckg.DocID, quad.Quad) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		line, rerr := br.ReadString('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return fmt.Errorf("graph: import n-quads: line %d: %w", n, rerr)
		}
		if t := strings.TrimSpace(line); t != "" && t[0] != '#' {
			q, err := nquads.Parse(t)
			if err != nil {
				return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("graph: import n-quads: line %d: %v", n, err))
			}
			if !q.IsValid() {
				return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("graph: import n-quads: line %d: incomplete quad", n))
			}
			q = unescapeIRIs(q)
			d, ok := docOf(q.Label)
			if !ok {
				return seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("graph: import n-quads: line %d: graph label must be <%sDOCID> with a valid document id", n, prefixDoc))
			}
			if err := fn(d, canonQuad(q)); err != nil {
				return err
			}
		}
		if rerr != nil {
			return nil
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("graph: import n-quads: %w", err)
			}
		}
	}
}

// unescapeIRIs decodes the \uXXXX and \UXXXXXXXX escapes (N-Quads UCHAR)
// in q's IRIs, which the parser leaves as they are: formatValue writes
// them for characters an IRI cannot hold, and without this every
// export-import round trip would escape them once more.
func unescapeIRIs(q quad.Quad) quad.Quad {
	for _, d := range quad.Directions {
		v, ok := q.Get(d).(quad.IRI)
		if !ok || !strings.Contains(string(v), `\`) {
			continue
		}
		s := string(v)
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) && (s[i+1] == 'u' || s[i+1] == 'U') {
				w := 4
				if s[i+1] == 'U' {
					w = 8
				}
				if i+2+w <= len(s) {
					if r, err := strconv.ParseUint(s[i+2:i+2+w], 16, 32); err == nil && utf8.ValidRune(rune(r)) {
						b.WriteRune(rune(r))
						i += 1 + w
						continue
					}
				}
			}
			b.WriteByte(s[i])
		}
		q.Set(d, quad.IRI(b.String()))
	}
	return q
}
