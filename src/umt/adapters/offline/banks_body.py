"""Phrase banks for the body: sentences by angle, bridges, sections, ads and video scenes.

Same slots and rules as ``banks_openers``: the topic is never the subject of a conjugated
verb, persona pain points and goals follow a colon, and nothing invents numbers or quotes.
"""

from __future__ import annotations

from typing import Final

ANGLES: Final[dict[str, tuple[str, ...]]] = {
    "pain_point": (
        "We hear it all the time: {pain}.",
        "It shows up in small ways first: {pain}.",
        "Few things drain a week like this one: {pain}.",
        "Left alone, that friction compounds into missed deadlines, rushed work and tired people.",
        "You shouldn't have to work around your own process.",
        "The fix starts with seeing where the time really goes.",
        "{Brand} was built for exactly this kind of problem.",
        "Nobody signs up to spend their best hours on busywork.",
    ),
    "benefit": (
        "With {brand}, you plan your approach to {topic} instead of chasing deadlines.",
        "The payoff is simple: {goal}.",
        "That means fewer late nights and more time for the work that moves things forward.",
        "Your team gets a clear view of what matters and the confidence to act on it.",
        "It's about progress you can actually see: {goal}.",
        "{Brand} takes care of the repetitive parts so you can focus on the decisions.",
        "Less busywork, fewer surprises and a plan everyone can follow.",
    ),
    "social_proof": (
        "Teams like yours use {brand} to make {topic} part of the routine.",
        "Customers tell us the biggest change is how much calmer their week feels.",
        "People who care about {interest} keep coming back to the same simple lesson.",
        "More and more teams are moving {topic} out of scattered spreadsheets and into one place.",
        "Customers come to {brand} for {topic} and stay for the peace of mind.",
        "The teams that get the most from {topic} share one habit: they keep it simple.",
    ),
    "urgency": (
        "Every week you wait, the same problems cost a little more.",
        "The best time to fix {topic} was last year; the next best time is now.",
        "Small delays add up, and the same goes for {topic}.",
        "Now is a good moment to take a fresh look at {topic}, before the next busy season.",
        "The longer the old way stays in place, the harder it is to change.",
        "Your competitors are rethinking {topic} right now.",
    ),
    "curiosity": (
        "There's a simpler approach to {topic} than most people expect, and it starts small.",
        "The answer isn't another tool; it's a different way of working.",
        "What we found surprised us, and it might surprise you too.",
        "The details are where it gets interesting.",
        "One small change made the rest of the work easier, and it wasn't the obvious one.",
        "Here's the part most guides to {topic} leave out.",
    ),
    "comparison": (
        "The old way: scattered notes, last-minute fixes and guesswork.",
        "The new way: one clear plan for {topic} that everyone can see.",
        "Spreadsheets can track {topic}; they can't tell you what to do next.",
        "Most approaches to {topic} add steps, while {brand} takes them away.",
        "Doing it by hand works until it doesn't; a shared system keeps working when you're busy.",
        "Compared with patching things together, {brand} gives you one place to start.",
    ),
}

ANGLE_ALIASES: Final[dict[str, str]] = {
    "pain": "pain_point",
    "problem": "pain_point",
    "pain_points": "pain_point",
    "benefits": "benefit",
    "value": "benefit",
    "outcome": "benefit",
    "feature": "benefit",
    "proof": "social_proof",
    "testimonial": "social_proof",
    "community": "social_proof",
    "scarcity": "urgency",
    "fomo": "urgency",
    "timely": "urgency",
    "mystery": "curiosity",
    "intrigue": "curiosity",
    "contrast": "comparison",
    "versus": "comparison",
    "vs": "comparison",
    "before_after": "comparison",
}

# optional sentences that bring in the voice guide and the persona
PHRASE_BRIDGES: Final[tuple[str, ...]] = (
    'That\'s what we mean by "{phrase}".',
    'For us, it comes down to "{phrase}".',
    'Our promise is simple: "{phrase}".',
)
INTEREST_BRIDGES: Final[tuple[str, ...]] = (
    "If {interest} is on your radar, this one's for you.",
    "It's a natural fit for anyone who follows {interest}.",
)
GOAL_BRIDGES: Final[tuple[str, ...]] = (
    "The goal stays the same: {goal}.",
    "What you're after is clear: {goal}.",
)
# the voice's tone keywords ("warm and practical"), said of how the brand works; a tone slot
# holds one or two adjectives, so each sentence reads with either
TONE_SENTENCES: Final[tuple[str, ...]] = (
    "We'll keep it {tone}.",
    "Expect {tone} advice, not a sales pitch.",
    "That's the {brand} way: {tone}.",
    "You can count on {tone} answers from {brand}.",
)
TONE_HEADLINES: Final[tuple[str, ...]] = ("{Tone}, always", "Always {tone}", "{Tone} help")
STORY_TURNS: Final[tuple[str, ...]] = (
    "Here's what changed once they stepped back.",
    "The turning point was smaller than you'd think.",
    "What happened next is worth sharing.",
)

# blog sections: headings when no key points are given, and paragraphs about one point
DEFAULT_SECTIONS: Final[tuple[str, ...]] = (
    "Why it pays to get {topic} right",
    "Where teams get stuck",
    "A simpler way to approach {topic}",
    "What good looks like",
    "How to take the first step",
)
SECTION_SENTENCES: Final[tuple[str, ...]] = (
    "This is where many teams find their quickest wins.",
    "Start small here: pick one part, give it a clear owner and a simple routine.",
    "Small and consistent beats big and occasional, and this is no exception.",
    "It helps to write down what success looks like before changing anything.",
    "Keep the process visible, so everyone knows what happens next and who owns it.",
    "A useful test: could a new colleague pick this up without a long handover?",
    "Resist the urge to fix everything at once; begin with the part that hurts most.",
    "Review what you learn every few weeks and adjust as you go.",
    "Most of the value comes from doing the simple things well, week after week.",
    "If it feels complicated, that's usually a sign a step can be removed.",
    "Ask the people closest to the work; they often know the fix already.",
    "Write the steps down once, and you'll stop relearning them every month.",
    "The short version: {point}.",
)
# one sentence per blog section in the voice of the angle, so variants' sections differ
SECTION_BY_ANGLE: Final[dict[str, tuple[str, ...]]] = {
    "pain_point": (
        "This is usually where the frustration starts, and where it can end.",
        "If this step feels like a chore, that feeling is worth listening to.",
        "Skipping it rarely saves time; it just moves the problem to next week.",
        "Most of the stress around this comes from doing it in a rush.",
        "When this goes wrong, everyone downstream feels it.",
    ),
    "benefit": (
        "Get this right and the rest of the week gets noticeably easier.",
        "The reward is a process people trust and actually follow.",
        "Done well, this frees up time for the work only your team can do.",
        "The upside shows up quickly: fewer surprises and calmer days.",
        "This is one of the easiest places to win back time.",
    ),
    "social_proof": (
        "Teams that do this well tend to say the same thing: keep it simple.",
        "Ask around and you'll hear it again and again: this step pays off.",
        "The teams we admire most treat this as a habit, not a project.",
        "Customers often tell us this was the change they noticed first.",
        "It's a pattern we see across teams of every size.",
    ),
    "urgency": (
        "Leave this for later and it tends to get harder, not easier.",
        "This is worth doing before the next busy stretch, not during it.",
        "Every week without it is a week of the same workarounds.",
        "The sooner this is in place, the sooner the rest can follow.",
        "Waiting for a quiet moment rarely works; start with a small step now.",
    ),
    "curiosity": (
        "This is where it gets interesting.",
        "The surprising part is how small the change can be.",
        "What looks like a detail here turns out to matter a great deal.",
        "There's more to this step than most checklists suggest.",
        "The interesting question isn't how, but why it works.",
    ),
    "comparison": (
        "The old way treats this as an afterthought; the better way plans for it.",
        "Compare a one-off fix with a repeatable routine, and the routine wins.",
        "By hand, this takes effort every time; with a system, it takes effort once.",
        "Patchwork fixes hold for a while, while a shared process keeps holding.",
        "Set side by side, the difference between ad hoc and planned is plain to see.",
    ),
}
CONCLUSION_HEADINGS: Final[tuple[str, ...]] = (
    "The bottom line",
    "Where to go from here",
    "Wrapping up",
    "Putting it together",
)
CONCLUSIONS: Final[tuple[str, ...]] = (
    "Better results with {topic} don't come from one big change but from steady habits.",
    "None of this needs a big budget, just a clear plan and the discipline to keep it.",
    "Pick one idea from this list and try it this week; momentum does the rest.",
)

# ad copy: short headlines (no slot over the limit survives) and descriptions by angle
HEADLINES: Final[tuple[str, ...]] = (
    "{Topic}, simplified",
    "Meet {brand}",
    "{Brand} for {topic}",
    "Smarter {topic}",
    "Rethink {topic}",
    "{Topic} made simple",
    "Built for busy teams",
    "See how it works",
    "Less busywork, more progress",
    "Plan with confidence",
    "Made for teams like yours",
    "One place for {topic}",
    "Your week, back on track",
    "Work smarter with {brand}",
    "Clarity for {topic}",
    "Try {brand} today",
    "Start with a better plan",
)
AD_DESCRIPTIONS: Final[dict[str, tuple[str, ...]]] = {
    "pain_point": (
        "Tired of busywork? {Brand} makes {topic} simpler.",
        "Stop working around your process. {Brand} helps you fix it.",
        "{Pain}? There's a better way.",
    ),
    "benefit": (
        "{Brand} handles the repetitive parts of {topic} so you can focus.",
        "A clear plan for {topic}, in one place.",
        "Fewer surprises, more progress. See what {brand} can do.",
    ),
    "social_proof": (
        "Teams like yours use {brand} for {topic}.",
        "Join the teams rethinking {topic} with {brand}.",
        "See why teams choose {brand} for {topic}.",
    ),
    "urgency": (
        "Don't wait for next quarter. Fix {topic} now.",
        "Every week counts. Start improving {topic} today.",
        "Make this the season you get {topic} right.",
    ),
    "curiosity": (
        "There's a simpler way to handle {topic}. See how.",
        "The approach to {topic} most teams overlook.",
        "Find out what changes when you simplify {topic}.",
    ),
    "comparison": (
        "Spreadsheets track {topic}. {Brand} moves the work forward.",
        "Swap guesswork for a clear plan for {topic}.",
        "From scattered notes to one clear plan with {brand}.",
    ),
}
GENERIC_DESCRIPTIONS: Final[tuple[str, ...]] = (
    "A simpler way to plan, track and improve your work.",
    "Clear plans, fewer surprises and more time for what matters.",
    "Made for busy teams who want less busywork.",
    "See how it works and decide for yourself.",
)

# landing pages
SUBHEADS: Final[tuple[str, ...]] = (
    "{Brand} gives you one clear place to plan, track and improve {topic}.",
    "Everything you need for {topic}, without the busywork.",
    "Spend less time managing {topic} and more time on the work that matters.",
    "A calmer, clearer way to run {topic}, built around how your team works.",
    "From first step to follow-up, {brand} keeps {topic} on track.",
    "Stop juggling tools for {topic}. Start with one plan everyone can see.",
)
BENEFIT_BULLETS: Final[tuple[str, ...]] = (
    "One shared view of {topic} for the whole team",
    "Less manual work and fewer last-minute fixes",
    "Clear next steps instead of guesswork",
    "Set up around the way you already work",
    "Progress you can see and share",
    "Support from people who understand {topic}",
    "Follow-ups that happen when they should",
    "Everything in one place, not in five tabs",
    "Simple enough for day one, flexible as you grow",
    "Fewer handovers and fewer things falling through the cracks",
    "Room to focus on the decisions, not the admin",
    "A routine your whole team can pick up quickly",
)
BENEFIT_HEADINGS: Final[tuple[str, ...]] = (
    "Why {brand}",
    "What you get",
    "Why teams choose {brand}",
    "What changes with {brand}",
)
GOAL_BULLET: Final[str] = "Built to help you reach your goal: {goal}"

# video scenes: what the camera shows, by part of the script
VISUALS: Final[dict[str, tuple[str, ...]]] = {
    "hook": (
        "Close-up of a cluttered desk and a full calendar.",
        "A presenter speaks straight to camera in a bright office.",
        "Quick cuts of busy people switching between screens.",
    ),
    "body": (
        "Screen recording of the product, one step at a time.",
        "The presenter walks through a simple whiteboard sketch.",
        "A team gathers around a laptop, nodding along.",
        "Side-by-side split screen: the old way and the new way.",
    ),
    "cta": (
        "Logo on a clean background with the call to action.",
        "The presenter smiles and points to the on-screen button.",
    ),
}

# emails
GREETINGS: Final[tuple[str, ...]] = ("Hi there,", "Hello,", "Hi,", "Hello there,")
SIGN_OFFS: Final[tuple[str, ...]] = ("Best,", "Talk soon,", "All the best,", "Thanks for reading,")
INTRO_CLOSERS: Final[tuple[str, ...]] = (
    "Below, we look at a few ideas you can put to work right away.",
    "Here's what we've learned, and what you can try this week.",
    "Let's look at where to start.",
)
META_DESCRIPTIONS: Final[tuple[str, ...]] = (
    "A practical look at {topic}: where teams get stuck and how to move forward.",
    "{Brand} on {topic}: what matters, what to skip and where to start.",
    "Practical ideas on {topic} you can put to work this week.",
    "How to approach {topic} with less effort and more confidence.",
)
LANDING_CLOSERS: Final[tuple[str, ...]] = (
    "Ready when you are",
    "See it for yourself",
    "Take the next step",
)
