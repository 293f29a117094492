"""Phrase banks for openings and endings: hooks by type, calls to action, subject lines.

Slots: ``{topic}``, ``{brand}``, ``{pain}``, ``{goal}``, ``{interest}``, ``{phrase}``,
``{count}``; a capitalised slot (``{Topic}``) capitalises its value. Bank sentences never make
the topic the subject of a conjugated verb (topics may be singular or plural) and put persona
pain points and goals after a colon, since they may be phrases or whole clauses. No sentence
invents a number, a statistic or a customer quote.
"""

from __future__ import annotations

from typing import Final

HOOKS: Final[dict[str, tuple[str, ...]]] = {
    "question": (
        "What if handling {topic} felt less like a chore and more like an advantage?",
        "Is handling {topic} still harder than it needs to be?",
        "When did you last take a hard look at how you handle {topic}?",
        "Ever wonder how much of the week goes into {topic}?",
        "What would you do with the hours you spend on {topic} today?",
        "Are you getting everything you could from {topic}?",
        "Here's something we hear a lot: {pain}. Sound familiar?",
    ),
    "surprising_truth": (
        "Here's something most people miss about {topic}: the hard part is rarely the tools.",
        "The surprising truth about {topic}? Most of the effort goes into the wrong places.",
        "Few say it out loud, but trouble with {topic} is usually about habits, not budgets.",
        "It sounds backwards, but getting better at {topic} often starts with doing less.",
        "The biggest obstacle to great {topic} is rarely the one people expect.",
        "Most advice about {topic} skips the part that matters most: consistency.",
    ),
    "story": (
        "Not long ago, a team we work with hit a wall with {topic}.",
        "It started with a simple question from a customer: why is {topic} so hard?",
        "We kept hearing the same story about {topic}, so we started taking notes.",
        "A few months ago, a customer told us that {topic} had taken over their week.",
        "Picture a Monday morning: the coffee is hot and the list for {topic} is already long.",
        "Every team we talk to has a story about {topic}. Here's one that stuck with us.",
    ),
    "bold_claim": (
        "Getting {topic} right shouldn't take heroics.",
        "It's time to stop settling for good-enough {topic}.",
        "When it comes to {topic}, guesswork is the most expensive habit there is.",
        "The old way of handling {topic} is holding good teams back.",
        "Great results with {topic} are a choice, not a lucky break.",
        "You don't need a bigger team to get {topic} right.",
    ),
    "how_to": (
        "Here's how to make {topic} simpler, starting this week.",
        "Want a simpler approach to {topic}? Start here.",
        "A practical way to improve {topic}, one step at a time.",
        "How do you make {topic} work for you instead of against you? Here's a start.",
        "If improving {topic} is on your list this quarter, here's where to begin.",
    ),
    "list": (
        "{Count} things we've learned about {topic}:",
        "{Count} ideas worth stealing for {topic}:",
        "{Count} signs it's time to rethink {topic}:",
        "Quick read: {count} lessons on {topic}.",
    ),
}

HOOK_ALIASES: Final[dict[str, str]] = {
    "questions": "question",
    "ask": "question",
    "statistic": "surprising_truth",
    "stat": "surprising_truth",
    "fact": "surprising_truth",
    "surprising_fact": "surprising_truth",
    "truth": "surprising_truth",
    "contrarian": "surprising_truth",
    "anecdote": "story",
    "storytelling": "story",
    "claim": "bold_claim",
    "bold": "bold_claim",
    "bold_statement": "bold_claim",
    "howto": "how_to",
    "tutorial": "how_to",
    "tip": "how_to",
    "tips": "how_to",
    "listicle": "list",
    "numbered_list": "list",
}

# Calls to action: the button label (short, used in ads and landing pages) and sentences.
CTAS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "learn_more": (
        "Learn more",
        (
            "Learn more about how {brand} approaches {topic}.",
            "Want the details? Learn more on our website.",
            "Curious? Learn more about {brand} today.",
        ),
    ),
    "book_demo": (
        "Book a demo",
        (
            "Book a demo and see how it works for your team.",
            "Ready to see it in action? Book a short demo with {brand}.",
            "See it for yourself: book a demo today.",
        ),
    ),
    "try_free": (
        "Start your trial",
        (
            "Start your trial and see the difference for yourself.",
            "Give {brand} a try and see how it fits your week.",
            "Try {brand} and judge for yourself.",
        ),
    ),
    "sign_up": (
        "Sign up today",
        (
            "Sign up today and see the difference for yourself.",
            "Join {brand} today and take the first step.",
            "Ready when you are: sign up today.",
        ),
    ),
    "download": (
        "Get the guide",
        (
            "Download our guide to {topic} and keep it handy.",
            "Get the full guide to {topic}; it's a quick read.",
            "Grab our practical guide to {topic} today.",
        ),
    ),
    "contact": (
        "Talk to us",
        (
            "Talk to our team about {topic}; we're happy to help.",
            "Questions about {topic}? Get in touch with the {brand} team.",
            "Reach out and tell us what you're working on.",
        ),
    ),
    "subscribe": (
        "Subscribe",
        (
            "Subscribe for more practical ideas on {topic}.",
            "Want more like this? Subscribe and never miss an update.",
            "Follow along: subscribe for fresh ideas every week.",
        ),
    ),
    "shop_now": (
        "Shop now",
        (
            "Shop now and find what fits.",
            "Browse the collection and find your favourite.",
            "Take a look at what's new at {brand}.",
        ),
    ),
    "register": (
        "Save your seat",
        (
            "Save your seat today.",
            "Register now and join the conversation on {topic}.",
            "Register today to keep a place for yourself.",
        ),
    ),
    "get_started": (
        "Get started",
        (
            "Get started with {brand} today.",
            "Ready to make a change? Get started with {brand}.",
            "Take the first step: get started today.",
        ),
    ),
    "comment": (
        "Share your take",
        (
            "How do you handle {topic}? Tell us in the comments.",
            "We'd love to hear your take on {topic}. Share it below.",
            "What's worked for you? Share your experience in the comments.",
        ),
    ),
}

CTA_ALIASES: Final[dict[str, str]] = {
    "learn": "learn_more",
    "read_more": "learn_more",
    "demo": "book_demo",
    "request_demo": "book_demo",
    "book_a_demo": "book_demo",
    "trial": "try_free",
    "free_trial": "try_free",
    "start_trial": "try_free",
    "try": "try_free",
    "signup": "sign_up",
    "join": "sign_up",
    "download_guide": "download",
    "contact_us": "contact",
    "talk_to_sales": "contact",
    "newsletter": "subscribe",
    "follow": "subscribe",
    "shop": "shop_now",
    "buy": "shop_now",
    "buy_now": "shop_now",
    "rsvp": "register",
    "webinar": "register",
    "start": "get_started",
    "engage": "comment",
    "discuss": "comment",
}

# subject lines for emails and titles for blog posts and videos, by hook type
SUBJECTS: Final[dict[str, tuple[str, ...]]] = {
    "question": (
        "Is handling {topic} harder than it should be?",
        "What would change with better {topic}?",
        "A quick question about {topic}",
    ),
    "surprising_truth": (
        "The truth about {topic}",
        "What most people miss about {topic}",
        "{Topic}: the part nobody talks about",
    ),
    "story": (
        "A story about {topic}",
        "What one team learned about {topic}",
        "How we rethought {topic}",
    ),
    "bold_claim": (
        "{Topic} shouldn't be this hard",
        "Stop settling for good-enough {topic}",
        "It's time to rethink {topic}",
    ),
    "how_to": (
        "How to make {topic} simpler",
        "A practical guide to {topic}",
        "Where to start with {topic}",
    ),
    "list": (
        "{Count} lessons on {topic}",
        "{Count} ideas for better {topic}",
        "{Count} ways to rethink {topic}",
    ),
}

EMOJI: Final[dict[str, tuple[str, ...]]] = {
    "pain_point": ("😮‍💨", "🤔"),
    "benefit": ("✨", "✅"),
    "social_proof": ("🙌", "🤝"),
    "urgency": ("⏰", "🚀"),
    "curiosity": ("👀", "💡"),
    "comparison": ("🔁", "⚖️"),
}
CTA_EMOJI: Final[tuple[str, ...]] = ("👉", "➡️", "📣")
