hey='for cicada'
