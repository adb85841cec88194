"""Nagrik's document reader: checks uploaded ID proofs and turns OCR lines into validated form fields."""
