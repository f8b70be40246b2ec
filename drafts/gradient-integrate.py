# Moves the blocks of drafts/gradient-new-keys.toml into lessons/gradient.toml
# once the keys they use (contour, shade, arrow, text; vector questions) are
# merged. Run from the repository's root:
#
#   python3 drafts/gradient-integrate.py --only questions lessons/gradient.toml
#   chalkdust check lessons/gradient.toml
#   git rm drafts/gradient-new-keys.toml drafts/gradient-integrate.py
#
# Without a path it writes /tmp/gradient-integrated.toml to look at.
# `--only explorers` or `--only questions` moves one half (canvas's keys,
# or motion's vector questions), for when one lands before the other; the
# explorers were moved when canvas landed and have left the draft, so only
# `--only questions` is left to run.
# Every replaced passage is asserted, so an edit of the lesson that moved
# one stops the script instead of being lost.
import re
import sys

args = sys.argv[1:]
only = None
if '--only' in args:
    i = args.index('--only')
    only = args[i + 1]
    assert only in ('explorers', 'questions'), only
    del args[i:i + 2]
out = args[0] if args else '/tmp/gradient-integrated.toml'

les = open('lessons/gradient.toml').read()
dr = open('drafts/gradient-new-keys.toml').read()


def block(src, start_marker):
    """The blocks after `start_marker`, up to the next section or INTO note."""
    i = src.index(start_marker)
    j = src.index('  [[section.block]]\n', i)
    ends = [k for k in (src.find('\n# ----', j), src.find('\n[[section]]', j),
                        src.find('\n  # INTO', j)) if k != -1]
    k = min(ends) if ends else len(src)
    return src[j:k].rstrip('\n') + '\n'


def replace(text, old, new, what):
    assert old in text, 'the lesson no longer has: ' + what
    return text.replace(old, new)


HEIGHT_OLD = '''for higher ground. The explorer near the end of the lesson puts a point
on this very map, and lets you move it around.
\'\'\'
'''
HEIGHT_NEW = '''for higher ground. The explorer below draws the bowl both ways at once:
its four level curves, and under them a shaded height map, denser dots for
higher ground. The slider picks a height $c$ and draws the level curve of
that height; the readouts say where it crosses the axes, and the label on
the map gives its height.
\'\'\'

'''
POINT_TEXT_OLD = '''keys (or drag it with the mouse). The solid segment from the point is the
gradient, shortened by the scale factor so that it fits on the map; the
dashed line is the tangent to the level curve through the point, worked
out from the oval itself, not from the gradient. Watch the angle between
them stay at'''
POINT_TEXT_NEW = '''keys (or drag it with the mouse). The arrow from the point is the
gradient, shortened by the scale factor so that it fits on the map. The
level curve through the point is drawn too; the dashed line is its tangent
there, worked out from the oval itself, not from the gradient. Watch the
angle between them stay at'''
SUMMARY_OLD = '''  $(x, y)$; their graph is a surface, drawn in the terminal as a
  **contour map** of **level curves** $f(x, y) = c$. Crowded curves mean
  steep ground.'''
SUMMARY_NEW = '''  $(x, y)$; their graph is a surface, drawn in the terminal as a
  **contour map** of **level curves** $f(x, y) = c$, or as a shaded
  height map. Crowded curves mean steep ground.'''
POINT_EXPLORER = ('  [[section.block]]\n  kind = "explore"\n'
                  '  title = "A point on the contour map, and its gradient"')


def move_explorers(les):
    height = block(dr, '# INTO section "contours"')
    point = block(dr, '# INTO section "level-curves": replaces')
    i = dr.index('# INTO section "level-curves": after')
    j = dr.index('  [[section.block]]', i)
    hills = dr[j:dr.index('\n# ----', j)].rstrip('\n') + '\n'
    les = replace(les, HEIGHT_OLD, HEIGHT_NEW + height, 'the shading sentence')
    i = les.index(POINT_EXPLORER)
    k = les.index('\n# ----', i)
    les = les[:i] + point.rstrip('\n') + '\n\n' + hills + les[k:]
    les = replace(les, POINT_TEXT_OLD, POINT_TEXT_NEW, 'the explorer text')
    return replace(les, SUMMARY_OLD, SUMMARY_NEW, 'the summary line')


def move_questions(les):
    q = dr[dr.index('    [[section.block.question]]\n    id = "grad-poly"'):]
    qs = re.split(r'(?=\n    \[\[section\.block\.question\]\]\n)', '\n' + q)
    qs = [x.strip('\n') + '\n' for x in qs if x.strip()]
    by_id = {re.search(r'id = "([^"]+)"', x).group(1): x for x in qs}

    def insert_after(les, qid, text):
        i = les.index(f'    [[section.block.question]]\n    id = "{qid}"')
        j = les.find('\n    [[section.block.question]]\n', i + 10)
        if j == -1:
            j = les.index('\n# ----', i)
        return les[:j] + '\n\n' + text.rstrip('\n') + '\n' + les[j:]

    les = insert_after(les, 'max-rate', by_id['grad-at-point'])
    les = insert_after(les, 'max-rate', by_id['grad-poly'])
    return insert_after(les, 'flat-point-x', by_id['flat-point'])


if only in (None, 'explorers'):
    les = move_explorers(les)
if only in (None, 'questions'):
    les = move_questions(les)
open(out, 'w').write(les)
print('wrote', out)
