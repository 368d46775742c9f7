// (Being written for issue 5.)
