package main

// Curated additions to GeoNames. Kept small: only what news text uses often
// and GeoNames' cities15000/countryInfo files do not contain.

// countryAliases are common English names and abbreviations of countries
// (countryInfo has one name per country and no alternates).
var countryAliases = map[string][]string{
	"US": {"US", "U.S.", "USA", "U.S.A.", "United States of America", "America"},
	"GB": {"UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"},
	"AE": {"UAE", "U.A.E.", "Emirates"},
	"KR": {"Republic of Korea"},
	"KP": {"DPRK", "Democratic People's Republic of Korea"},
	"RU": {"Russian Federation"},
	"CD": {"DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"},
	"CG": {"Congo", "Republic of Congo", "Congo-Brazzaville"},
	"CI": {"Cote d'Ivoire", "Côte d'Ivoire"},
	"CZ": {"Czech Republic"},
	"MK": {"Macedonia"},
	"MM": {"Burma"},
	"SZ": {"Swaziland", "Eswatini"},
	"NL": {"Holland"},
	"TR": {"Turkiye", "Türkiye"},
	"CV": {"Cape Verde", "Cabo Verde"},
	"TL": {"East Timor", "Timor-Leste"},
	"VA": {"Vatican", "Vatican City", "Holy See"},
	"PS": {"Palestine", "Palestinian Territories", "State of Palestine"},
	"IR": {"Islamic Republic of Iran"},
	"SY": {"Syrian Arab Republic"},
	"VN": {"Viet Nam"},
	"CN": {"People's Republic of China", "PRC", "Mainland China"},
	"BA": {"Bosnia"},
	"IE": {"Republic of Ireland", "Eire"},
	"FM": {"Federated States of Micronesia"},
	"KZ": {"Qazaqstan"},
}

// cityAliases adds names GeoNames files under a code we otherwise drop
// (all-capital alternates such as IATA codes are filtered out).
var cityAliases = map[int][]string{
	5128581: {"NYC"},        // New York City
	5368361: {"LA"},         // Los Angeles
	4140963: {"DC", "D.C."}, // Washington, D.C.
}

// dropAliases are GeoNames alternate names that are English phrases meaning
// something else in news ("White House" is a translation of Casablanca).
var dropAliases = map[string]bool{
	"White House": true, "Capitol": true, "Kremlin": true, "Pentagon": true,
	"Downing Street": true, "Wall Street": true, "Big Apple": true,
}

// regions are continents, seas and regions that news names often and the
// GeoNames files here lack. Coordinates are rough centres; ids are the
// GeoNames continent ids (0 for the others); cc is set for regions inside
// one country.
var regions = []struct {
	id       int
	name, cc string
	lat, lon float64
	aliases  []string
}{
	{6255146, "Africa", "", 7.19, 21.09, nil},
	{6255147, "Asia", "", 29.84, 89.30, nil},
	{6255148, "Europe", "", 48.69, 9.14, nil},
	{6255149, "North America", "", 46.07, -100.55, nil},
	{6255150, "South America", "", -14.60, -57.66, nil},
	{6255151, "Oceania", "", -18.31, 138.52, nil},
	{0, "Middle East", "", 29.30, 42.50, []string{"Mideast"}},
	{0, "Latin America", "", -4.40, -61.20, nil},
	{0, "Southeast Asia", "", 8.00, 110.00, []string{"South East Asia", "South-East Asia"}},
	{0, "Caribbean", "", 15.00, -73.00, nil},
	{0, "Balkans", "", 42.50, 20.50, nil},
	{0, "Scandinavia", "", 62.00, 14.00, nil},
	{0, "Kashmir", "", 34.08, 74.80, nil},
	{0, "Kurdistan", "", 36.19, 44.01, nil},
	{0, "Golan Heights", "", 33.00, 35.75, []string{"Golan"}},
	{0, "Donbas", "UA", 48.00, 37.80, []string{"Donbass"}},
	{0, "Siberia", "RU", 60.00, 100.00, nil},
	{0, "Silicon Valley", "US", 37.39, -122.06, nil},
	{0, "Persian Gulf", "", 26.50, 52.00, []string{"Arabian Gulf"}},
	{0, "Arctic", "", 80.00, 0.00, []string{"Arctic Ocean"}},
	{0, "Pacific", "", 0.00, -160.00, []string{"Pacific Ocean"}},
	{0, "Atlantic", "", 30.00, -40.00, []string{"Atlantic Ocean"}},
	{0, "Indian Ocean", "", -20.00, 80.00, nil},
	{0, "Mediterranean", "", 35.00, 18.00, []string{"Mediterranean Sea"}},
	{0, "South China Sea", "", 12.00, 114.00, nil},
	{0, "Black Sea", "", 43.40, 34.30, nil},
	{0, "Red Sea", "", 20.00, 38.50, nil},
	{0, "Baltic Sea", "", 58.00, 20.00, []string{"Baltic"}},
	{0, "North Sea", "", 56.00, 3.00, nil},
	{0, "Caspian Sea", "", 41.70, 50.60, []string{"Caspian"}},
}

// demonymIrregular lists nationality words that the suffix rules of
// demonymCandidates cannot produce, keyed by country code. Plurals ending
// in -s are added automatically where English forms them.
var demonymIrregular = map[string][]string{
	"US": {"American", "Americans"},
	"GB": {"British", "Briton", "Britons", "English", "Scottish", "Scots", "Welsh", "Brit", "Brits"},
	"FR": {"French", "Frenchman", "Frenchmen"},
	"NL": {"Dutch"},
	"DE": {"German", "Germans"},
	"CH": {"Swiss"},
	"ES": {"Spanish", "Spaniard", "Spaniards"},
	"PT": {"Portuguese"},
	"GR": {"Greek", "Greeks"},
	"TR": {"Turkish", "Turk", "Turks"},
	"PL": {"Polish", "Pole", "Poles"},
	"DK": {"Danish", "Dane", "Danes"},
	"SE": {"Swedish", "Swede", "Swedes"},
	"FI": {"Finnish", "Finn", "Finns"},
	"IS": {"Icelandic", "Icelander", "Icelanders"},
	"IE": {"Irish"},
	"CZ": {"Czech", "Czechs"},
	"SK": {"Slovak", "Slovaks"},
	"HR": {"Croat", "Croats"},
	"RS": {"Serb", "Serbs"},
	"SI": {"Slovene", "Slovenes"},
	"AF": {"Afghan", "Afghans"},
	"UZ": {"Uzbek", "Uzbeks"},
	"KZ": {"Kazakh", "Kazakhs"},
	"TJ": {"Tajik", "Tajiks"},
	"KG": {"Kyrgyz"},
	"TM": {"Turkmen"},
	"PH": {"Filipino", "Filipinos", "Filipina", "Filipinas"},
	"TH": {"Thai", "Thais"},
	"LA": {"Lao", "Laotian", "Laotians"},
	"MM": {"Burmese"},
	"SA": {"Saudi", "Saudis"},
	"AE": {"Emirati", "Emiratis"},
	"KR": {"Korean", "Koreans", "South Korean", "South Koreans"},
	"KP": {"North Korean", "North Koreans"},
	"CD": {"Congolese"},
	"CI": {"Ivorian", "Ivorians"},
	"MG": {"Malagasy"},
	"CY": {"Cypriot", "Cypriots"},
	"LU": {"Luxembourger", "Luxembourgers"},
	"MC": {"Monegasque"},
	"NZ": {"New Zealander", "New Zealanders", "Kiwi", "Kiwis"},
	"AR": {"Argentine", "Argentines", "Argentinian", "Argentinians"},
	"SV": {"Salvadoran", "Salvadorans", "Salvadorean"},
	"GH": {"Ghanaian", "Ghanaians"},
	"BW": {"Motswana", "Batswana"},
	"LS": {"Basotho"},
	"NP": {"Nepali", "Nepalis"},
	"AZ": {"Azeri", "Azeris"},
	"XK": {"Kosovar", "Kosovars"},
	"IQ": {"Iraqi", "Iraqis"},
	"IL": {"Israeli", "Israelis"},
	"PS": {"Palestinian", "Palestinians"},
	"YE": {"Yemeni", "Yemenis"},
	"PK": {"Pakistani", "Pakistanis"},
	"BD": {"Bangladeshi", "Bangladeshis"},
	"MA": {"Moroccan", "Moroccans"},
	"PE": {"Peruvian", "Peruvians"},
	"MX": {"Mexican", "Mexicans"},
	"DO": {"Dominican", "Dominicans"},
	"CN": {"Chinese"},
	"JP": {"Japanese"},
	"VN": {"Vietnamese"},
	"LB": {"Lebanese"},
	"SD": {"Sudanese"},
	"SN": {"Senegalese"},
	"TW": {"Taiwanese"},
	"MT": {"Maltese"},
	"BT": {"Bhutanese"},
	"ZA": {"South African", "South Africans"},
	"LK": {"Sri Lankan", "Sri Lankans"},
	"SO": {"Somali", "Somalis"},
	"QA": {"Qatari", "Qataris"},
	"KW": {"Kuwaiti", "Kuwaitis"},
	"OM": {"Omani", "Omanis"},
	"BH": {"Bahraini", "Bahrainis"},
	"CA": {"Canadian", "Canadians"},
	"NO": {"Norwegian", "Norwegians"},
	"TG": {"Togolese"},
	"MZ": {"Mozambican", "Mozambicans"},
	"NE": {"Nigerien", "Nigeriens"},
	"GA": {"Gabonese"},
	"PA": {"Panamanian", "Panamanians"},
	"BS": {"Bahamian", "Bahamians"},
	"SS": {"South Sudanese"},
	"BE": {"Belgian", "Belgians"},
	"UA": {"Ukrainian", "Ukrainians"},
	"BY": {"Belarusian", "Belarusians"},
	"CL": {"Chilean", "Chileans"},
	"UY": {"Uruguayan", "Uruguayans"},
	"PY": {"Paraguayan", "Paraguayans"},
	"CO": {"Colombian", "Colombians"},
	"VE": {"Venezuelan", "Venezuelans"},
	"SG": {"Singaporean", "Singaporeans"},
	"MY": {"Malaysian", "Malaysians"},
	"ID": {"Indonesian", "Indonesians"},
	"IN": {"Indian", "Indians"},
	"RU": {"Russian", "Russians"},
	"SY": {"Syrian", "Syrians"},
	"EG": {"Egyptian", "Egyptians"},
	"IT": {"Italian", "Italians"},
	"JO": {"Jordanian", "Jordanians"},
	"IR": {"Iranian", "Iranians", "Persian", "Persians"},
}

// demonymRegional are adjectives of regions and peoples without a country.
var demonymRegional = []string{
	"European", "Europeans", "Asian", "Asians", "African", "Africans", "Arab", "Arabs",
	"Kurd", "Kurds", "Kurdish", "Latino", "Latinos", "Latina", "Latinas", "Scandinavian",
	"Scandinavians", "Westerners", "Middle Eastern", "Latin American", "Latin Americans",
	"Balkan", "Pashtun", "Pashtuns", "Baloch", "Tamil", "Tamils", "Uighur", "Uighurs",
	"Uyghur", "Uyghurs", "Sunni", "Sunnis", "Shia", "Shiite", "Shiites", "Yazidi", "Yazidis",
}

// usPostalWords are US postal codes that are also English words or other
// common abbreviations; they are not aliases of their states.
var usPostalWords = map[string]bool{"IN": true, "OR": true, "ME": true, "OK": true, "HI": true, "OH": true,
	"LA": true, "DE": true, "ID": true, "AS": true, "AL": true, "CO": true, "MO": true, "PA": true, "MA": true, "DC": true}

// usStateAbbrev are the AP-style abbreviations of US states, keyed by
// postal code ("Fla.", "N.Y.", "Calif.").
var usStateAbbrev = map[string][]string{
	"AL": {"Ala."}, "AZ": {"Ariz."}, "AR": {"Ark."}, "CA": {"Calif."}, "CO": {"Colo."}, "CT": {"Conn."},
	"DE": {"Del."}, "FL": {"Fla."}, "GA": {"Ga."}, "IL": {"Ill."}, "IN": {"Ind."}, "KS": {"Kan.", "Kans."},
	"KY": {"Ky."}, "LA": {"La."}, "MD": {"Md."}, "MA": {"Mass."}, "MI": {"Mich."}, "MN": {"Minn."},
	"MS": {"Miss."}, "MO": {"Mo."}, "MT": {"Mont."}, "NE": {"Neb.", "Nebr."}, "NV": {"Nev."},
	"NH": {"N.H."}, "NJ": {"N.J."}, "NM": {"N.M."}, "NY": {"N.Y."}, "NC": {"N.C."}, "ND": {"N.D."},
	"OK": {"Okla."}, "OR": {"Ore.", "Oreg."}, "PA": {"Pa.", "Penn."}, "RI": {"R.I."}, "SC": {"S.C."},
	"SD": {"S.D."}, "TN": {"Tenn."}, "TX": {"Tex."}, "VT": {"Vt."}, "VA": {"Va."}, "WA": {"Wash."},
	"WV": {"W.Va.", "W. Va."}, "WI": {"Wis.", "Wisc."}, "WY": {"Wyo."},
}
