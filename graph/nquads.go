package graph

import (
	"bufio"
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
// The whole input is parsed and checked first: a malformed line, or a quad
// without a <seckg:d/DOCID> graph label, fails the import naming its line
// number, and nothing is written. Then each document is applied in its own
// transaction, replacing what the store held for it. quads counts the
// distinct quads imported (present before or not). The input is held in
// memory while it is checked.
func (s *Store) ImportNQuads(ctx context.Context, r io.Reader) (quads int, err error) {
	if err := s.writable("import n-quads"); err != nil {
		return 0, err
	}
	byDoc := map[seckg.DocID][]quad.Quad{}
	var order []seckg.DocID
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		line, rerr := br.ReadString('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return 0, fmt.Errorf("graph: import n-quads: line %d: %w", n, rerr)
		}
		if t := strings.TrimSpace(line); t != "" && t[0] != '#' {
			q, err := nquads.Parse(t)
			if err != nil {
				return 0, seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("graph: import n-quads: line %d: %v", n, err))
			}
			if !q.IsValid() {
				return 0, seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("graph: import n-quads: line %d: incomplete quad", n))
			}
			q = unescapeIRIs(q)
			d, ok := docOf(q.Label)
			if !ok {
				return 0, seckg.Errorf(seckg.ErrInvalid, fmt.Sprintf("graph: import n-quads: line %d: graph label must be <%sDOCID> with a valid document id", n, prefixDoc))
			}
			if _, seen := byDoc[d]; !seen {
				order = append(order, d)
			}
			byDoc[d] = append(byDoc[d], canonQuad(q))
		}
		if rerr != nil {
			break
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, fmt.Errorf("graph: import n-quads: %w", err)
			}
		}
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	for _, d := range order {
		if err := ctx.Err(); err != nil {
			return quads, fmt.Errorf("graph: import n-quads: %w", err)
		}
		qs := dedup(byDoc[d])
		if err := s.replace(d, qs); err != nil {
			return quads, fmt.Errorf("graph: import n-quads: document %s: %w", d, err)
		}
		x, extra := decode(d, qs)
		s.mu.Lock()
		s.ix.put(x, extra, len(qs))
		s.mu.Unlock()
		quads += len(qs)
		delete(byDoc, d)
	}
	return quads, nil
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
