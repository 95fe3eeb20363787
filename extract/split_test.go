package extract

import (
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestSplitSentences(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"stops", "东盟成立于1967年。东盟地区论坛成立于1994年！对吗？", []string{"东盟成立于1967年。", "东盟地区论坛成立于1994年！", "对吗？"}},
		{"semicolon", "决策机构是峰会；执行机构是秘书处。", []string{"决策机构是峰会；", "执行机构是秘书处。"}},
		{"closing quote", "他说：“要坚持对话。”随后离开。", []string{"他说：“要坚持对话。”", "随后离开。"}},
		{"title kept whole", "通过了《宣言。附件》等文件。", []string{"通过了《宣言。附件》等文件。"}},
		{"line ends", "一、背景\n上海五国会晤机制", []string{"一、背景", "上海五国会晤机制"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range splitSentences(tt.in) {
				got = append(got, s.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("splitSentences(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"《上海宣言》“共同安全”，。", "a. B! c?；\n\n《未完", "亚信。”》》《《", "ABC def. 中文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		rs := []rune(s)
		prev := 0
		for _, st := range splitSentences(s) {
			if st.Start < prev || st.End > len(rs) || st.Start >= st.End {
				t.Fatalf("bad sentence bounds %d-%d (prev %d, len %d) in %q", st.Start, st.End, prev, len(rs), s)
			}
			if string(rs[st.Start:st.End]) != st.Text {
				t.Fatalf("text[%d:%d] = %q, want %q", st.Start, st.End, string(rs[st.Start:st.End]), st.Text)
			}
			prev = st.End
		}
	})
}
