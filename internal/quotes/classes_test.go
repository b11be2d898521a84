package quotes

import "testing"

// TestClassNames keeps the class ids and the names the model file uses in
// step.
func TestClassNames(t *testing.T) {
	for w, id := range nWords {
		if nextClasses[id] != w {
			t.Errorf("nWords[%q] = %d, which names %q", w, id, nextClasses[id])
		}
	}
	for name, id := range map[string]int{"wh": nWh, "det": nDet, "pron": nPron, "cap": nCap, "fn": nFn, "w": nWord, "$": nEnd, ":": nColon} {
		if nextClasses[id] != name {
			t.Errorf("next class %q has id %d, which names %q", name, id, nextClasses[id])
		}
	}
	if prevClasses[pWord] != "w" || prevClasses[pCap] != "cap" || len(prevClasses) != pWord+1 {
		t.Error("prev class ids out of step with prevClasses")
	}
}
