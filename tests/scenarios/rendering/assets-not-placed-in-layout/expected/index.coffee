whatever()
