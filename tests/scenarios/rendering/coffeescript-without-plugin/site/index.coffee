---
animal: cicada
---

hey='for {{page.animal}}'
