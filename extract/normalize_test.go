package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"full-width ascii", "ＣＩＣＡ成立于１９９２年", "CICA成立于1992年"},
		{"chinese punctuation kept", "亚信会议，上合组织：东盟；好吗？", "亚信会议，上合组织：东盟；好吗？"},
		{"control characters", "亚信\x07会议\u200b成立。", "亚信会议成立。"},
		{"spaces inside chinese", "亚 信 会 议", "亚信会议"},
		{"spaces around numbers", "1992 年 10 月 5 日", "1992年10月5日"},
		{"latin spaces kept", "Shanghai  Cooperation Organisation", "Shanghai Cooperation Organisation"},
		{"doubled heading", "二二、、上上合合组组织织的的发发展展", "二、上合组织的发展"},
		{"doubled chunks", "三三、、构 建 区 域 安 全构 建 区 域 安 全", "三、构建区域安全"},
		{"page number dropped", "东盟地区论坛成立于\n\n17\n\n1994年。", "东盟地区论坛成立于1994年。"},
		{"broken line rejoined", "上海合作组织的前身是上\n\n海五国会晤机制，成立于\n\n2001年6月。\n", "上海合作组织的前身是上海五国会晤机制，成立于2001年6月。"},
		{"footnote marker removed", "东盟方式强调协商一致。②", "东盟方式强调协商一致。"},
		{
			"footnote body moved out of the sentence",
			"亚信会议的秘书处设在阿斯塔纳，这一安排于\n① 参见亚信会议官方网站。\n 2006年确定。\n",
			"亚信会议的秘书处设在阿斯塔纳，这一安排于2006年确定。\n参见亚信会议官方网站。",
		},
		{"heading on its own line", "一、历史回顾\n上海五国会晤机制始于1996年，后来\n发展为上海合作组织。", "一、历史回顾\n上海五国会晤机制始于1996年，后来发展为上海合作组织。"},
		{"headline kept apart", "上海合作组织成立宣言\n六国元首于2001年6月15日在上海举行会晤。", "上海合作组织成立宣言\n六国元首于2001年6月15日在上海举行会晤。"},
		{"invalid utf-8", "亚信\xff\xfe会议", "亚信会议"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeCorpusIdempotent(t *testing.T) {
	for _, f := range corpusFiles(t) {
		text := readText(t, f)
		n := Normalize(text)
		if again := Normalize(n); again != n {
			t.Errorf("Normalize is not idempotent on %s", f)
		}
		if strings.Contains(n, "①") || strings.Contains(n, "一一、、") {
			t.Errorf("Normalize(%s) keeps footnote markers or doubled headings", f)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"《上海宣言》“共同安全”，。", "亚 信 会 议 ① 2014 年", "一一、、构构建建\n\n12\n\nABC def", "Ｆｕｌｌ　ｗｉｄｔｈ，。\r\n", "① 注释。\n 正文", "\x00\x01亚信"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, again)
		}
	})
}

// squeezeSpacesRunes is squeezeSpaces as it was written over runes, the
// reference for the byte version.
func squeezeSpacesRunes(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if rs[i] != ' ' {
			b.WriteRune(rs[i])
			continue
		}
		j := i
		for j < len(rs) && rs[j] == ' ' {
			j++
		}
		if i > 0 && j < len(rs) && !isWide(rs[i-1]) && !isWide(rs[j]) {
			b.WriteByte(' ')
		}
		i = j - 1
	}
	return b.String()
}

func FuzzSqueezeSpaces(f *testing.F) {
	for _, s := range []string{" a  b ", "亚 信  会议", "1992 年 10 月", "a \xff b", "“ x ” — y", "  ", "Ｆ  ｕ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := squeezeSpaces(s), squeezeSpacesRunes(s); got != want {
			t.Errorf("squeezeSpaces(%q) = %q, want %q", s, got, want)
		}
	})
}

// isHeadingRunes is isHeading as it was written over runes, the
// reference for the byte version.
func isHeadingRunes(s string) bool {
	n := utf8.RuneCountInString(s)
	if n > 40 || endsSentence(s) || endsComma(s) {
		return false
	}
	rs := []rune(s)
	i := 0
	if rs[0] == '（' || rs[0] == '(' {
		i = 1
	}
	j := i
	for j < len(rs) && strings.ContainsRune("一二三四五六七八九十0123456789", rs[j]) {
		j++
	}
	if j == i || j >= len(rs) {
		return false
	}
	return i == 1 && (rs[j] == '）' || rs[j] == ')') || i == 0 && (rs[j] == '、' || rs[j] == '.' && j < 3)
}

func FuzzIsHeading(f *testing.F) {
	for _, s := range []string{"一、历史回顾", "（二）合作", "(3)x", "1.引言", "12.3", "二十、", "一、结论。", "（一）"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ToValidUTF8(s, "")
		if s == "" {
			return // never asked: lines and paragraphs are not empty
		}
		if got, want := isHeading(s), isHeadingRunes(s); got != want {
			t.Errorf("isHeading(%q) = %v, want %v", s, got, want)
		}
	})
}
