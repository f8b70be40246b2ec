# Moves the blocks of drafts/gradient-new-keys.toml into lessons/gradient.toml
# once the keys they use (contour, shade, arrow, text; vector questions) are
# merged. Run from the repository's root:
#
#   python3 drafts/gradient-integrate.py lessons/gradient.toml
#   chalkdust check lessons/gradient.toml
#   git rm drafts/gradient-new-keys.toml drafts/gradient-integrate.py
#
# Without an argument it writes /tmp/gradient-integrated.toml to look at.
# Every replaced passage is asserted, so an edit of the lesson that moved
# one stops the script instead of being lost.
import re, sys
out = sys.argv[1] if len(sys.argv) > 1 else '/tmp/gradient-integrated.toml'
les=open('lessons/gradient.toml').read()
dr=open('drafts/gradient-new-keys.toml').read()
def block(src, start_marker):
    i=src.index(start_marker)
    j=src.index('  [[section.block]]\n', i)
    ends=[k for k in (src.find('\n# ----', j), src.find('\n[[section]]', j), src.find('\n  # INTO', j)) if k!=-1]
    k=min(ends) if ends else len(src)
    return src[j:k].rstrip('\n')+'\n'
height=block(dr,'# INTO section "contours"')
point=block(dr,'# INTO section "level-curves": replaces')
i=dr.index('# INTO section "level-curves": after')
j=dr.index('  [[section.block]]', i)
k=dr.index('\n# ----', j)
hills=dr[j:k].rstrip('\n')+'\n'
q=dr[dr.index('    [[section.block.question]]\n    id = "grad-poly"'):]
qs=re.split(r'(?=\n    \[\[section\.block\.question\]\]\n)', '\n'+q)
qs=[x.strip('\n')+'\n' for x in qs if x.strip()]
byid={re.search(r'id = "([^"]+)"',x).group(1):x for x in qs}
old='''for higher ground. The explorer near the end of the lesson puts a point
on this very map, and lets you move it around.
\'\'\'
'''
new='''for higher ground. The explorer below draws the bowl both ways at once:
its four level curves, and under them a shaded height map, denser dots for
higher ground. The slider picks a height $c$ and draws the level curve of
that height; the readouts say where it crosses the axes, and the label on
the map gives its height.
\'\'\'

'''+height
assert old in les; les=les.replace(old,new)
i=les.index('  [[section.block]]\n  kind = "explore"\n  title = "A point on the contour map, and its gradient"')
k=les.index('\n# ----', i)
les=les[:i]+point.rstrip('\n')+'\n\n'+hills+les[k:]
old='''keys (or drag it with the mouse). The solid segment from the point is the
gradient, shortened by the scale factor so that it fits on the map; the
dashed line is the tangent to the level curve through the point, worked
out from the oval itself, not from the gradient. Watch the angle between
them stay at'''
new='''keys (or drag it with the mouse). The arrow from the point is the
gradient, shortened by the scale factor so that it fits on the map. The
level curve through the point is drawn too; the dashed line is its tangent
there, worked out from the oval itself, not from the gradient. Watch the
angle between them stay at'''
assert old in les, 'level text'; les=les.replace(old,new)
def insert_after(les, qid, text):
    i=les.index(f'    [[section.block.question]]\n    id = "{qid}"')
    j=les.find('\n    [[section.block.question]]\n', i+10)
    if j==-1: j=les.index('\n# ----', i)
    return les[:j]+'\n\n'+text.rstrip('\n')+'\n'+les[j:]
les=insert_after(les,'max-rate',byid['grad-at-point'])
les=insert_after(les,'max-rate',byid['grad-poly'])
les=insert_after(les,'flat-point-x',byid['flat-point'])
old='''  $(x, y)$; their graph is a surface, drawn in the terminal as a
  **contour map** of **level curves** $f(x, y) = c$. Crowded curves mean
  steep ground.'''
new='''  $(x, y)$; their graph is a surface, drawn in the terminal as a
  **contour map** of **level curves** $f(x, y) = c$, or as a shaded
  height map. Crowded curves mean steep ground.'''
assert old in les, 'summary'; les=les.replace(old,new)
open(out,'w').write(les)
print('wrote', out)
