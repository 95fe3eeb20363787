package extract

import (
	"strings"
	"unicode"

	"github.com/seckg/seckg"
)

// countryAbbrev maps the one-character forms states take in compounds
// with 中 ("中越", "中马", "中俄") to their gazetteer ids. Ambiguous
// characters (印: India or Indonesia; 阿: Afghanistan or the Arab states)
// are left out.
var countryAbbrev = map[rune]seckg.EntityID{
	'越': "vietnam", '马': "malaysia", '柬': "cambodia", '老': "laos", '泰': "thailand", '缅': "myanmar",
	'菲': "philippines", '俄': "russia", '美': "usa", '日': "japan", '韩': "south-korea", '朝': "north-korea",
	'蒙': "mongolia", '哈': "kazakhstan", '吉': "kyrgyzstan", '塔': "tajikistan", '巴': "pakistan", '新': "singapore",
}

// compounds recognises bilateral compounds such as "中马、中柬分别建立…"
// or "中越北部湾海域划界": 中 and one to three abbreviated states,
// standing between punctuation (or 与/和/在) and the rest of the phrase.
// They name China and the partners without giving an alias.
func (d *docState) compounds() {
	china := d.p.gaz.byID["china"]
	if china == nil {
		return
	}
	inMention := d.mentionFlags()
	for i := 0; i+1 < len(d.simp); i++ {
		if d.simp[i] != '中' || inMention[i] {
			continue
		}
		if i > 0 && unicode.Is(unicode.Han, d.simp[i-1]) && !strings.ContainsRune("与和同在及", d.simp[i-1]) {
			continue
		}
		j := i + 1
		var ids []seckg.EntityID
		for j < len(d.simp) && j-i <= 3 {
			id, ok := countryAbbrev[d.simp[j]]
			if !ok || inMention[j] || d.p.gaz.byID[id] == nil {
				break
			}
			ids = append(ids, id)
			j++
		}
		if len(ids) == 0 || j >= len(d.simp) || strings.ContainsRune("洲文部间国心方午期", d.simp[j]) || !unicode.Is(unicode.Han, d.simp[j]) && !strings.ContainsRune("、，", d.simp[j]) {
			continue
		}
		d.add(mention{Start: i, End: i + 1, ID: "china", Type: seckg.Country, kindWord: true})
		for k, id := range ids {
			d.add(mention{Start: i + 1 + k, End: i + 2 + k, ID: id, Type: seckg.Country, kindWord: true})
		}
		cover(inMention, i, j)
		i = j - 1
	}
}
