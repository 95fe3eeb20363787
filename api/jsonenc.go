package api

import (
	"net/http"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/seckg/seckg"
)

// The two hottest answers, neighbours and search, are encoded by hand into
// pooled buffers: the bytes are exactly those of encoding/json (as c.JSON
// writes them, HTML characters escaped), without its reflection and
// allocations. TestJSONEncoding holds the two to the same output.

// bufPool holds encoding buffers; buffers grown past maxPooledBuf are
// dropped rather than kept.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

const maxPooledBuf = 256 << 10

// writeJSON answers 200 with the JSON that enc appends.
func writeJSON(c *gin.Context, enc func([]byte) []byte) {
	bp := bufPool.Get().(*[]byte)
	b := enc((*bp)[:0])
	c.Header("Content-Length", strconv.Itoa(len(b)))
	c.Data(http.StatusOK, "application/json; charset=utf-8", b)
	if cap(b) <= maxPooledBuf {
		*bp = b
		bufPool.Put(bp)
	}
}

// appendSubgraph appends g as encoding/json does; nil lists as [].
func appendSubgraph(b []byte, g seckg.Subgraph) []byte {
	b = append(b, `{"nodes":`...)
	b = appendEntities(b, g.Nodes)
	b = append(b, `,"edges":[`...)
	for i, r := range g.Edges {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRelation(b, r)
	}
	return append(b, "]}"...)
}

// appendSearchResult appends res as encoding/json does; nil Items as [].
func appendSearchResult(b []byte, res seckg.SearchResult) []byte {
	b = append(b, `{"items":`...)
	b = appendEntities(b, res.Items)
	b = append(b, `,"total":`...)
	b = strconv.AppendInt(b, int64(res.Total), 10)
	if res.NextCursor != "" {
		b = append(b, `,"next_cursor":`...)
		b = appendString(b, res.NextCursor)
	}
	return append(b, '}')
}

func appendEntities(b []byte, es []seckg.Entity) []byte {
	b = append(b, '[')
	for i := range es {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendEntity(b, &es[i])
	}
	return append(b, ']')
}

func appendEntity(b []byte, e *seckg.Entity) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, string(e.ID))
	b = append(b, `,"type":`...)
	b = appendString(b, string(e.Type))
	b = append(b, `,"name":`...)
	b = appendString(b, e.Name)
	if e.NameEN != "" {
		b = append(b, `,"name_en":`...)
		b = appendString(b, e.NameEN)
	}
	if len(e.Aliases) > 0 {
		b = append(b, `,"aliases":[`...)
		for i, a := range e.Aliases {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, a)
		}
		b = append(b, ']')
	}
	if len(e.Attrs) > 0 {
		b = append(b, `,"attributes":{`...)
		var stack [16]string
		keys := stack[:0]
		for k := range e.Attrs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = appendString(b, e.Attrs[k])
		}
		b = append(b, '}')
	}
	if len(e.Docs) > 0 {
		b = append(b, `,"docs":[`...)
		for i, d := range e.Docs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, string(d))
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendRelation(b []byte, r seckg.Relation) []byte {
	b = append(b, `{"head":`...)
	b = appendString(b, string(r.Head))
	b = append(b, `,"predicate":`...)
	b = appendString(b, string(r.Predicate))
	b = append(b, `,"tail":`...)
	b = appendString(b, string(r.Tail))
	if len(r.Evidence) > 0 {
		b = append(b, `,"evidence":[`...)
		for i, ev := range r.Evidence {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"doc":`...)
			b = appendString(b, string(ev.Doc))
			b = append(b, `,"sentence":`...)
			b = appendString(b, ev.Sentence)
			b = append(b, `,"offset":`...)
			b = strconv.AppendInt(b, int64(ev.Offset), 10)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json does with
// HTML escaping on: <, > and & as \u003c..., control characters escaped,
// invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	if plain(s) {
		b = append(b, s...)
		return append(b, '"')
	}
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if htmlSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// htmlSafe[c] reports whether ASCII byte c stands for itself in a JSON
// string with HTML escaping on.
var htmlSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// plain reports whether s needs no escaping at all: valid UTF-8 without
// U+2028, U+2029 or an ASCII byte that is escaped. It is one pass that
// validates the three-byte form (nearly all of Chinese) inline: the
// escape scan then utf8.ValidString, two passes over every name and
// sentence, were a tenth of a neighbours request's CPU.
func plain(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !htmlSafe[c] {
				return false
			}
			i++
			continue
		}
		if c&0xF0 == 0xE0 && i+2 < len(s) {
			c1, c2 := s[i+1], s[i+2]
			switch {
			case c1&0xC0 != 0x80 || c2&0xC0 != 0x80:
				return false // not continuation bytes
			case c == 0xE0 && c1 < 0xA0, c == 0xED && c1 >= 0xA0:
				return false // overlong, or a surrogate
			case c == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9):
				return false // U+2028, U+2029
			}
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return false
		}
		i += n
	}
	return true
}
