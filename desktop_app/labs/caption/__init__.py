"""Image Captioning lab: a Show-Attend-Tell captioner and where it looks for each word."""
