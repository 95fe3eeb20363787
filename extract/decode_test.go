package extract

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/seckg/seckg"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func TestDecode(t *testing.T) {
	const simp = "上海合作组织成员国在阿斯塔纳举行元首理事会会议，签署了宣言。"
	const trad = "東南亞國家聯盟在雅加達召開外長會議，發表了聯合聲明。"
	for _, tt := range []struct {
		name, want, enc string
		raw             []byte
	}{
		{"utf-8", simp, "utf-8", []byte(simp)},
		{"utf-8 with BOM", simp, "utf-8", append([]byte("\xef\xbb\xbf"), simp...)},
		{"gbk", simp, "gb18030", encode(t, simplifiedchinese.GBK, simp)},
		{"gb18030", simp, "gb18030", encode(t, simplifiedchinese.GB18030, simp)},
		{"big5", trad, "big5", encode(t, traditionalchinese.Big5, trad)},
		{"ascii", "CICA was founded in 1992.", "utf-8", []byte("CICA was founded in 1992.")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := Decode(tt.raw)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if got != tt.want || enc != tt.enc {
				t.Errorf("Decode = %q, %q, want %q, %q", got, enc, tt.want, tt.enc)
			}
		})
	}
}

func TestDecodeInvalid(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	control := []byte(strings.Repeat("ab\x01\x02\x03\x04", 50))
	for _, tt := range []struct {
		name, why string
		raw       []byte
	}{
		{"empty", "empty", nil},
		{"blank", "empty", []byte(" \n\t ")},
		{"nul", "NUL", []byte("亚信\x00会议")},
		{"control", "control bytes", control},
		{"random", "not text", random},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Decode(tt.raw)
			var se *seckg.Error
			if !errors.Is(err, seckg.ErrInvalid) || !errors.As(err, &se) {
				t.Fatalf("Decode = %v, want a *seckg.Error of kind ErrInvalid", err)
			}
			if !strings.Contains(se.Msg, tt.why) {
				t.Errorf("Decode message = %q, want it to say %q", se.Msg, tt.why)
			}
		})
	}
}
