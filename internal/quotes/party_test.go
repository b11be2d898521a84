package quotes

import "testing"

// TestPartyWords: a party's member noun or adjective is no speaker's
// name ("amid Tory claims"), a name in apposition
// after one unnamed member is the speaker ("A Republican, Jane Roe,
// said"), "the Texas Democrat" is the person quoted just before, and a
// name after a party word and a long role ("said Tory shadow local
// government secretary Caroline Spelman") is the speaker.
func TestPartyWords(t *testing.T) {
	runSpeakerCases(t, []speakerCase{
		{"a party adjective before a long role and a name",
			`"This is typical of Lib Dem hypocrisy," said Tory shadow local government secretary Caroline Spelman.`,
			persons("Caroline Spelman"),
			[]want{{"This is typical of Lib Dem hypocrisy,", "direct", "said", "Caroline Spelman", "Tory shadow local government secretary Caroline Spelman"}}},
		{"a name in apposition after an indefinite member",
			"A Republican, Jane Roe, said the bill would fail.", persons("Jane Roe"),
			[]want{{"the bill would fail", "indirect", "said", "Jane Roe", "A Republican, Jane Roe"}}},
		{"an indefinite member alone names nobody",
			"One Republican said the vote was close.", nil,
			[]want{{"the vote was close", "indirect", "said", "", "One Republican"}}},
		{"a party adjective as a nominal's modifier",
			"Mr Brown denied Conservative claims that he had fiddled the figures.", persons("Brown"),
			[]want{
				{"Conservative claims that he had fiddled the figures", "indirect", "denied", "Brown", "Mr Brown"},
				{"that he had fiddled the figures", "indirect", "claims", "", "Conservative"},
			}},
		{"the state's Democrat with nobody quoted before",
			"The Texas Democrat said the tax would pass.", nil,
			[]want{{"the tax would pass", "indirect", "said", "", "The Texas Democrat"}}},
		{"a definite member alone keeps the party",
			"The Republican said the bill was dead.", nil,
			[]want{{"the bill was dead", "indirect", "said", "Republican", "The Republican"}}},
		{"the state's Democrat is the person quoted before",
			"Senator Jim Wright said taxes must rise. \"That is utterly ridiculous,\" the Texas Democrat told reporters.",
			persons("Jim Wright"),
			[]want{
				{"taxes must rise", "indirect", "said", "Jim Wright", "Senator Jim Wright"},
				{"That is utterly ridiculous,", "direct", "told", "Jim Wright", "the Texas Democrat"},
			}},
		{"the party in the plural names its group",
			"Republicans said the vote was rigged.", nil,
			[]want{{"the vote was rigged", "indirect", "said", "Republicans", "Republicans"}}},
		{"a party adjective before a titled name",
			"Democratic Senator John Smith said the bill was dead.", persons("John Smith"),
			[]want{{"the bill was dead", "indirect", "said", "John Smith", "Democratic Senator John Smith"}}},
		{"a name that ends in a party word",
			"John Tory said the city would pay.", persons("John Tory"),
			[]want{{"the city would pay", "indirect", "said", "John Tory", "John Tory"}}},
		{"a company named for a nation",
			"Pan American said fares would rise.", nil,
			[]want{{"fares would rise", "indirect", "said", "Pan American", "Pan American"}}},
	})
}
