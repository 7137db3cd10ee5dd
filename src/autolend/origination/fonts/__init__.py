"""The CJK font embedded in contract PDFs (WenQuanYi Micro Hei, GB 2312 subset) and how it was made."""
