"""Share of `quipu extract --jsonl` records (stdin) whose `lang` is the sample's `gold`
(argv[1]: the file written by sample_sentences.py), per language, and the mean
`lang_confidence` of right and wrong readings."""
import json, sys, collections
gold = {}
for l in open(sys.argv[1]):
    d = json.loads(l); gold[d['id']] = (d['gold'], len(d['text']))
c = collections.Counter(); conf = collections.defaultdict(list)
for l in sys.stdin:
    d = json.loads(l); g, n = gold[d['id']]
    c[(g, d['lang'])] += 1
    if 'lang_confidence' in d: conf[(g == d['lang'])].append(d['lang_confidence'])
for g in ('en', 'es'):
    tot = sum(v for (a, b), v in c.items() if a == g)
    print(g, 'n', tot, 'right %.3f' % (c[(g, g)] / tot), dict((b, v) for (a, b), v in c.items() if a == g))
for k, v in conf.items():
    print('right' if k else 'wrong', 'mean conf %.2f' % (sum(v)/len(v)), 'n', len(v))
