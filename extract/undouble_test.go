package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// undoubleQuadratic is the former undouble, which tried every chunk
// length at every position; undouble must give the same results.
func undoubleQuadratic(s string) (string, bool) {
	rs := []rune(s)
	if len(rs) < 4 || len(rs) > 120 {
		return s, false
	}
	var out []rune
	covered := 0
	for i := 0; i < len(rs); {
		done := false
		for l := (len(rs) - i) / 2; l >= 1; l-- {
			if equalRunes(rs[i:i+l], rs[i+l:i+2*l]) {
				out = append(out, rs[i:i+l]...)
				covered += 2 * l
				i += 2 * l
				done = true
				break
			}
		}
		if !done {
			out = append(out, rs[i])
			i++
			if (i-covered)*10 > len(rs)*2 {
				return s, false
			}
		}
	}
	if covered*10 < len(rs)*8 {
		return s, false
	}
	return string(out), true
}

func TestUndoubleMatchesQuadratic(t *testing.T) {
	cases := []string{"一一、、构建构建", "第第一一章章", "中国中国", "aaaa", "abcabcabcabc", "构建构建人类命运共同体", strings.Repeat("安", 120), strings.Repeat("安", 121), "一一二二三"}
	rng := rand.New(rand.NewPCG(3, 4))
	alpha := []rune("一二、安全共同体中国aéb")
	doubled := 0
	for range 20000 {
		var b []rune
		for len(b) < 2+rng.IntN(130) {
			chunk := make([]rune, 1+rng.IntN(4))
			for k := range chunk {
				chunk[k] = alpha[rng.IntN(1+rng.IntN(len(alpha)))]
			}
			b = append(b, chunk...)
			if rng.IntN(5) > 0 {
				b = append(b, chunk...)
			}
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		got, gok := undouble(s)
		want, wok := undoubleQuadratic(s)
		if got != want || gok != wok {
			t.Fatalf("undouble(%q) = %q, %v; want %q, %v", s, got, gok, want, wok)
		}
		if gok {
			doubled++
		}
	}
	if doubled < 100 {
		t.Errorf("only %d doubled cases", doubled)
	}
}

func BenchmarkUndouble(b *testing.B) {
	var d strings.Builder
	for _, r := range "中华人民共和国和中亚国家元首第二次会晤在阿斯塔纳举行双方一致同意共同构建更加紧密的命运共同体" {
		d.WriteRune(r)
		d.WriteRune(r)
	}
	lines := []string{"一一、、构建构建", "中华人民共和国和中亚国家元首第二次会晤在阿斯塔纳举行双方一致同意", strings.Repeat("安全", 50), d.String()}
	for b.Loop() {
		for _, l := range lines {
			undouble(l)
		}
	}
}
