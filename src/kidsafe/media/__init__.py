"""kidsafe.media"""
